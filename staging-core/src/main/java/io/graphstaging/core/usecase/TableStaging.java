package io.graphstaging.core.usecase;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.task.ProgressListener;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stages the objects a {@link StageFilesCommand} names into its table on the table's turn
 * ({@link TableLocks}): checks the registry, fetches the objects, runs one engine {@link Step},
 * registers what it staged. The part {@link CreateTable} and {@link AppendFiles} share; they
 * differ only in their step.
 */
final class TableStaging {
    /** What sets a create apart from an append. */
    interface Step {
        /** Refuses the command before anything is fetched, on the table's turn; nothing by default. */
        default void checkBeforeFetching(StageFilesCommand command) {
        }

        /** Stages the fetched files into the command's table. */
        StagedTable stage(StageFilesCommand command, List<SourceFile> files, Cancellation cancellation);

        /** Whether the staged files replace the table's (a create) rather than join them. */
        boolean replacesTable();
    }

    private final SourceObjects sources;
    private final TableLocks locks;
    private final StagedFileRegistration registration;
    private final Step step;

    TableStaging(ObjectStore objects, TableLocks locks, StagedFileRegistration registration, Step step) {
        this.sources = new SourceObjects(objects);
        this.locks = locks;
        this.registration = registration;
        this.step = step;
    }

    /** Stages now, waiting for its turn on the table. */
    StagedTable execute(StageFilesCommand command) {
        return TableLocks.join(submit(command));
    }

    /** {@link #execute(StageFilesCommand)} that can be stopped and reports its progress. */
    StagedTable execute(StageFilesCommand command, Cancellation cancellation, ProgressListener progress) {
        return TableLocks.join(submit(command, cancellation, progress));
    }

    /** Queues the staging on the table; the future completes when it ran. */
    CompletableFuture<StagedTable> submit(StageFilesCommand command) {
        return locks.onTable(command.graph(), command.table(), () -> run(command, new Cancellation(), ProgressListener.NONE));
    }

    /** {@link #submit(StageFilesCommand)} waiting for its turn until cancelled, reporting its progress. */
    CompletableFuture<StagedTable> submit(StageFilesCommand command, Cancellation cancellation, ProgressListener progress) {
        return locks.onTable(command.graph(), command.table(), cancellation, () -> run(command, cancellation, progress));
    }

    private StagedTable run(StageFilesCommand command, Cancellation cancellation, ProgressListener progress) {
        cancellation.throwIfCancelled();
        registration.checkBeforeStaging();
        step.checkBeforeFetching(command);
        try (SourceObjects.Fetched fetched = sources.fetch(command.graph(), command.pattern(), command.fileIds(),
                cancellation, progress)) {
            StagedTable staged = SourceObjects.staging(fetched.files().size(), progress,
                    () -> step.stage(command, fetched.files(), cancellation));
            registration.staged(command.graph(), command.table(), fetched.lease().objects(), fetched.files(), staged,
                    step.replacesTable());
            return staged;
        }
    }
}
