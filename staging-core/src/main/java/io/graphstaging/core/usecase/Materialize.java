package io.graphstaging.core.usecase;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Copies a staging table into the graph database and records the files as ingested.
 *
 * <p>A staging table that does not exist gives a {@code skipped} result and changes nothing.
 * After a successful copy the registry, when it knows the table, marks as ingested the files
 * given in {@code fileIds} or, when none were given, every file of the table that is staged.
 * With {@code ignoreErrors} a file is marked even if some of its rows were rejected: the
 * result's {@code rowsRejected} says how many. A failed copy marks nothing.
 */
public final class Materialize {
    private final StagingStore store;
    private final GraphSink sink;
    private final FileRegistry registry;
    private final TableLocks locks;

    @Inject
    public Materialize(StagingStore store, GraphSink sink, FileRegistry registry, TableLocks locks) {
        this.store = store;
        this.sink = sink;
        this.registry = registry;
        this.locks = locks;
    }

    /** Materializes now, waiting for its turn on the table. */
    public MaterializeResult execute(GraphId graph, TableName table, MaterializeOptions options) {
        return TableLocks.join(submit(graph, table, options));
    }

    /** {@link #execute(GraphId, TableName, MaterializeOptions)} that can be stopped and reports its progress. */
    public MaterializeResult execute(GraphId graph, TableName table, MaterializeOptions options,
                                     Cancellation cancellation, ProgressListener progress) {
        return TableLocks.join(submit(graph, table, options, cancellation, progress));
    }

    /** Queues the materialize on the table ({@link TableLocks}); the future completes when it ran. */
    public CompletableFuture<MaterializeResult> submit(GraphId graph, TableName table, MaterializeOptions options) {
        return locks.onTable(graph, table, () -> run(graph, table, options, new Cancellation(), ProgressListener.NONE));
    }

    /**
     * {@link #submit(GraphId, TableName, MaterializeOptions)} waiting for its turn until
     * cancelled, reporting {@code loading} (the sink reports finer phases); cancelling
     * interrupts the copy and marks nothing ingested.
     */
    public CompletableFuture<MaterializeResult> submit(GraphId graph, TableName table, MaterializeOptions options,
                                                       Cancellation cancellation, ProgressListener progress) {
        return locks.onTable(graph, table, cancellation, () -> run(graph, table, options, cancellation, progress));
    }

    private MaterializeResult run(GraphId graph, TableName table, MaterializeOptions options, Cancellation cancellation,
                                  ProgressListener progress) {
        cancellation.throwIfCancelled();
        progress.report(TaskProgress.of(ProgressPhase.LOADING, 0, 1, ProgressUnit.TABLES));
        Optional<TableSchema> schema = store.describeTable(graph, table);
        if (schema.isEmpty()) {
            return MaterializeResult.skipped(graph, table);
        }
        MaterializeResult result = sink.materialize(graph, schema.get(), store, options, cancellation, progress);
        progress.report(TaskProgress.of(ProgressPhase.LOADING, 1, 1, ProgressUnit.TABLES));
        Collection<FileId> ingested = options.fileIds().isEmpty() ? stagedFiles(graph, table) : options.fileIds();
        if (!ingested.isEmpty()) {
            registry.markIngested(graph, ingested);
        }
        return result;
    }

    private List<FileId> stagedFiles(GraphId graph, TableName table) {
        if (registry.findTable(graph, table).isEmpty()) {
            return List.of();
        }
        return registry.listFiles(graph, table).stream()
                .filter(f -> f.stagingStatus() == StagingStatus.STAGED)
                .map(RegistryFile::id)
                .toList();
    }
}
