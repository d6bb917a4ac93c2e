package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Adds files to an existing staging table without rebuilding it. */
public final class AppendFiles {
    private final SourceObjects sources;
    private final StagingStore store;
    private final TableLocks locks;

    @Inject
    public AppendFiles(ObjectStore objects, StagingStore store, TableLocks locks) {
        this.sources = new SourceObjects(objects);
        this.store = store;
        this.locks = locks;
    }

    /** Appends now, waiting for its turn on the table. */
    public StagedTable execute(StageFilesCommand command) {
        return TableLocks.join(submit(command));
    }

    /** Queues the append on the table ({@link TableLocks}); the future completes when it ran. */
    public CompletableFuture<StagedTable> submit(StageFilesCommand command) {
        return locks.onTable(command.graph(), command.table(), () -> {
            // Check before fetching: a missing table should not cost a download.
            if (store.describeTable(command.graph(), command.table()).isEmpty()) {
                throw new StagingException(ErrorCode.TABLE_NOT_FOUND,
                        "Table " + command.table() + " does not exist in graph " + command.graph());
            }
            try (SourceObjects.Fetched fetched = sources.fetch(command.graph(), command.pattern(), command.fileIds())) {
                return store.appendFiles(command.graph(), command.table(), fetched.files());
            }
        });
    }
}
