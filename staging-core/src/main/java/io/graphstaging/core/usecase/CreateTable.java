package io.graphstaging.core.usecase;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.ProgressListener;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;

/** Creates (or atomically replaces) a staging table from the objects a pattern names. */
public final class CreateTable {
    private final SourceObjects sources;
    private final StagingStore store;
    private final TableLocks locks;
    private final StagedFileRegistration registration;

    /** Without registering the staged files (tests, benchmarks, a single node). */
    public CreateTable(ObjectStore objects, StagingStore store, TableLocks locks) {
        this(objects, store, locks, StagedFileRegistration.off());
    }

    @Inject
    public CreateTable(ObjectStore objects, StagingStore store, TableLocks locks, StagedFileRegistration registration) {
        this.sources = new SourceObjects(objects);
        this.store = store;
        this.locks = locks;
        this.registration = registration;
    }

    /** Creates the table now, waiting for its turn on the table. */
    public StagedTable execute(StageFilesCommand command) {
        return TableLocks.join(submit(command));
    }

    /** {@link #execute(StageFilesCommand)} that can be stopped and reports its progress. */
    public StagedTable execute(StageFilesCommand command, Cancellation cancellation, ProgressListener progress) {
        return TableLocks.join(submit(command, cancellation, progress));
    }

    /** Queues the create on the table ({@link TableLocks}); the future completes when it ran. */
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
        try (SourceObjects.Fetched fetched = sources.fetch(command.graph(), command.pattern(), command.fileIds(),
                cancellation, progress)) {
            StagedTable staged = SourceObjects.staging(fetched.files().size(), progress, () -> store.createTable(
                    command.graph(), command.table(), fetched.files(), command.pattern().describe(),
                    command.contract().orElse(SchemaContract.DEFAULT), cancellation));
            registration.staged(command.graph(), command.table(), fetched.lease().objects(), fetched.files(), staged, true);
            return staged;
        }
    }
}
