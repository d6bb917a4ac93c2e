package io.graphstaging.core.usecase;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.ProgressListener;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Creates (or atomically replaces) a staging table from the objects a pattern names. */
public final class CreateTable {
    private final TableStaging staging;

    /** Without registering the staged files (tests, benchmarks, a single node). */
    public CreateTable(ObjectStore objects, StagingStore store, TableLocks locks) {
        this(objects, store, locks, StagedFileRegistration.off());
    }

    @Inject
    public CreateTable(ObjectStore objects, StagingStore store, TableLocks locks, StagedFileRegistration registration) {
        this.staging = new TableStaging(objects, locks, registration, new Create(store));
    }

    /** Creates the table now, waiting for its turn on the table. */
    public StagedTable execute(StageFilesCommand command) {
        return staging.execute(command);
    }

    /** {@link #execute(StageFilesCommand)} that can be stopped and reports its progress. */
    public StagedTable execute(StageFilesCommand command, Cancellation cancellation, ProgressListener progress) {
        return staging.execute(command, cancellation, progress);
    }

    /** Queues the create on the table ({@link TableLocks}); the future completes when it ran. */
    public CompletableFuture<StagedTable> submit(StageFilesCommand command) {
        return staging.submit(command);
    }

    /**
     * {@link #submit(StageFilesCommand)} waiting for its turn until cancelled, reporting
     * {@code listing}, {@code fetching} and {@code staging}; cancelling stops the download or
     * the engine and leaves the table as it was.
     */
    public CompletableFuture<StagedTable> submit(StageFilesCommand command, Cancellation cancellation,
                                                 ProgressListener progress) {
        return staging.submit(command, cancellation, progress);
    }

    /** Replaces the table (or creates it) with the files, under the command's contract or the default. */
    private static final class Create implements TableStaging.Step {
        private final StagingStore store;

        Create(StagingStore store) {
            this.store = store;
        }

        @Override
        public StagedTable stage(StageFilesCommand command, List<SourceFile> files, Cancellation cancellation) {
            return store.createTable(command.graph(), command.table(), files, command.pattern().describe(),
                    command.contract().orElse(SchemaContract.DEFAULT), cancellation);
        }

        @Override
        public boolean replacesTable() {
            return true;
        }
    }
}
