package io.graphstaging.core.usecase;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Materializes every node and relationship staging table of a graph (or those named), node
 * tables first, one after the other. {@code rebuild} implies cascade. The first failure stops
 * the run; the tables done stay done.
 *
 * <p>A graph-wide operation ({@link TableLocks#onGraph}): it waits for the work queued on the
 * graph before it, holds the whole graph while it runs, and work queued after it waits. It runs
 * on the queue's threads, never on the caller's.
 */
public final class MaterializeGraph {
    private final StagingStore store;
    private final Materialize materialize;
    private final TableLocks locks;

    /**
     * The tables materialized, and the failure that stopped the run when one did.
     *
     * @param failedTable the table whose materialize failed
     */
    public record Outcome(List<MaterializeResult> done, Optional<TableName> failedTable,
                          Optional<StagingException> failure) {
        public Outcome {
            done = List.copyOf(done);
        }
    }

    @Inject
    public MaterializeGraph(StagingStore store, Materialize materialize, TableLocks locks) {
        this.store = store;
        this.materialize = materialize;
        this.locks = locks;
    }

    /** Runs now, waiting for its turn on the graph (at most the synchronous calls' wait). */
    public Outcome execute(GraphId graph, List<TableName> tables, MaterializeOptions options) {
        return TableLocks.join(submit(graph, tables, options));
    }

    /**
     * Queues the run on the graph; the future completes when it ran.
     *
     * @param tables when not empty, only these tables (in dependency order all the same)
     */
    public CompletableFuture<Outcome> submit(GraphId graph, List<TableName> tables, MaterializeOptions options) {
        return locks.onGraph(graph, () -> run(graph, tables, options, new Cancellation(), ProgressListener.NONE));
    }

    /**
     * {@link #submit(GraphId, List, MaterializeOptions)} waiting for its turn until cancelled,
     * reporting each table's steps as {@link Materialize} does. A cancel stops the table being
     * written (its graph table as before) and fails the run with the cancellation's error; the
     * tables done before stay done.
     */
    public CompletableFuture<Outcome> submit(GraphId graph, List<TableName> tables, MaterializeOptions options,
                                             Cancellation cancellation, ProgressListener progress) {
        return locks.onGraph(graph, cancellation, () -> run(graph, tables, options, cancellation, progress));
    }

    private Outcome run(GraphId graph, List<TableName> tables, MaterializeOptions options, Cancellation cancellation,
                        ProgressListener progress) {
        Set<String> wanted = tables.stream().map(t -> t.value().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<TableSummary> ordered = store.listTables(graph).stream()
                .filter(t -> t.kind() != TableKind.PLAIN)
                .filter(t -> wanted.isEmpty() || wanted.contains(t.table().value().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing((TableSummary t) -> t.kind() == TableKind.NODE ? 0 : 1))
                .toList();
        MaterializeOptions each = new MaterializeOptions(options.mode(), options.ignoreErrors(), Set.of(),
                Optional.empty(), Optional.empty(), options.cascade() || options.mode() == SyncMode.REBUILD,
                options.dryRun(), options.verify());
        List<MaterializeResult> done = new ArrayList<>();
        progress.report(TaskProgress.of(ProgressPhase.LOADING, 0, ordered.size(), ProgressUnit.TABLES));
        for (TableSummary table : ordered) {
            try {
                // The graph is held: each table runs here, not on its own table's queue.
                done.add(materialize.runHeld(graph, table.table(), each, cancellation, progress));
            } catch (StagingException e) {
                snapshotIfWritten(graph, done);
                if (cancellation.isCancelled()) {
                    throw e; // a cancelled task ends cancelled, not with a partial answer
                }
                return new Outcome(done, Optional.of(table.table()), Optional.of(e));
            }
        }
        snapshotIfWritten(graph, done);
        progress.report(TaskProgress.of(ProgressPhase.LOADING, ordered.size(), ordered.size(), ProgressUnit.TABLES));
        return new Outcome(done, Optional.empty(), Optional.empty());
    }

    // One snapshot for the run, the tables done staying done even when a later one failed.
    private void snapshotIfWritten(GraphId graph, List<MaterializeResult> done) {
        if (done.stream().anyMatch(r -> !r.dryRun() && !r.skipped())) {
            materialize.snapshot(graph);
        }
    }
}
