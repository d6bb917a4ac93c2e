package io.graphstaging.core.usecase;

import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Creates (or atomically replaces) a staging table from the objects a pattern names. */
public final class CreateTable {
    private final SourceObjects sources;
    private final StagingStore store;
    private final TableLocks locks;

    @Inject
    public CreateTable(ObjectStore objects, StagingStore store, TableLocks locks) {
        this.sources = new SourceObjects(objects);
        this.store = store;
        this.locks = locks;
    }

    /** Creates the table now, waiting for its turn on the table. */
    public StagedTable execute(StageFilesCommand command) {
        return TableLocks.join(submit(command));
    }

    /** Queues the create on the table ({@link TableLocks}); the future completes when it ran. */
    public CompletableFuture<StagedTable> submit(StageFilesCommand command) {
        return locks.onTable(command.graph(), command.table(), () -> {
            try (SourceObjects.Fetched fetched = sources.fetch(command.graph(), command.pattern(), command.fileIds())) {
                return store.createTable(command.graph(), command.table(), fetched.files(), command.pattern().describe());
            }
        });
    }
}
