package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.ProgressListener;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Adds files to an existing staging table without rebuilding it. */
public final class AppendFiles {
    private final TableStaging staging;

    /** Without registering the staged files (tests, benchmarks, a single node). */
    public AppendFiles(ObjectStore objects, StagingStore store, TableLocks locks) {
        this(objects, store, locks, StagedFileRegistration.off());
    }

    @Inject
    public AppendFiles(ObjectStore objects, StagingStore store, TableLocks locks, StagedFileRegistration registration) {
        this.staging = new TableStaging(objects, locks, registration, new Append(store));
    }

    /** Appends now, waiting for its turn on the table. */
    public StagedTable execute(StageFilesCommand command) {
        return staging.execute(command);
    }

    /** {@link #execute(StageFilesCommand)} that can be stopped and reports its progress. */
    public StagedTable execute(StageFilesCommand command, Cancellation cancellation, ProgressListener progress) {
        return staging.execute(command, cancellation, progress);
    }

    /** Queues the append on the table ({@link TableLocks}); the future completes when it ran. */
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

    /** Adds the files to the table, which must exist; the command's contract, if any, replaces the table's. */
    private static final class Append implements TableStaging.Step {
        private final StagingStore store;

        Append(StagingStore store) {
            this.store = store;
        }

        @Override
        public void checkBeforeFetching(StageFilesCommand command) {
            // A missing table should not cost a download.
            if (store.describeTable(command.graph(), command.table()).isEmpty()) {
                throw new StagingException(ErrorCode.TABLE_NOT_FOUND,
                        "Table " + command.table() + " does not exist in graph " + command.graph());
            }
        }

        @Override
        public StagedTable stage(StageFilesCommand command, List<SourceFile> files, Cancellation cancellation) {
            return store.appendFiles(command.graph(), command.table(), files, command.contract(), cancellation);
        }

        @Override
        public boolean replacesTable() {
            return false;
        }
    }
}
