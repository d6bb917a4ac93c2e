package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.ProgressListener;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Adds files to an existing staging table without rebuilding it. */
public final class AppendFiles {
    private final SourceObjects sources;
    private final StagingStore store;
    private final TableLocks locks;
    private final StagedFileRegistration registration;

    /** Without registering the staged files (tests, benchmarks, a single node). */
    public AppendFiles(ObjectStore objects, StagingStore store, TableLocks locks) {
        this(objects, store, locks, StagedFileRegistration.off());
    }

    @Inject
    public AppendFiles(ObjectStore objects, StagingStore store, TableLocks locks, StagedFileRegistration registration) {
        this.sources = new SourceObjects(objects);
        this.store = store;
        this.locks = locks;
        this.registration = registration;
    }

    /** Appends now, waiting for its turn on the table. */
    public StagedTable execute(StageFilesCommand command) {
        return TableLocks.join(submit(command));
    }

    /** {@link #execute(StageFilesCommand)} that can be stopped and reports its progress. */
    public StagedTable execute(StageFilesCommand command, Cancellation cancellation, ProgressListener progress) {
        return TableLocks.join(submit(command, cancellation, progress));
    }

    /** Queues the append on the table ({@link TableLocks}); the future completes when it ran. */
    public CompletableFuture<StagedTable> submit(StageFilesCommand command) {
        return locks.onTable(command.graph(), command.table(), () -> run(command, new Cancellation(), ProgressListener.NONE));
    }

    /**
     * {@link #submit(StageFilesCommand)} waiting for its turn until cancelled, reporting
     * {@code listing}, {@code fetching} and {@code staging}; cancelling stops the download or
     * the engine and leaves the table as it was.
     */
    public CompletableFuture<StagedTable> submit(StageFilesCommand command, Cancellation cancellation,
                                                 ProgressListener progress) {
        return locks.onTable(command.graph(), command.table(), cancellation, () -> run(command, cancellation, progress));
    }

    private StagedTable run(StageFilesCommand command, Cancellation cancellation, ProgressListener progress) {
        cancellation.throwIfCancelled();
        registration.checkBeforeStaging();
        // Check before fetching: a missing table should not cost a download.
        if (store.describeTable(command.graph(), command.table()).isEmpty()) {
            throw new StagingException(ErrorCode.TABLE_NOT_FOUND,
                    "Table " + command.table() + " does not exist in graph " + command.graph());
        }
        try (SourceObjects.Fetched fetched = sources.fetch(command.graph(), command.pattern(), command.fileIds(),
                cancellation, progress)) {
            StagedTable staged = SourceObjects.staging(fetched.files().size(), progress,
                    () -> store.appendFiles(command.graph(), command.table(), fetched.files(), command.contract(),
                            cancellation));
            registration.staged(command.graph(), command.table(), fetched.lease().objects(), fetched.files(), staged, false);
            return staged;
        }
    }
}
