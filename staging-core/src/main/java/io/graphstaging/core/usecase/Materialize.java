package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphStatus;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.snapshot.GraphSnapshots;
import io.graphstaging.core.sync.Drift;
import io.graphstaging.core.sync.Endpoints;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.Reject;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncCounts;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.SyncPlan;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.core.sync.SyncRequest;
import io.graphstaging.core.sync.SyncedNodeTable;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Makes a graph table follow its staging table. Staging ({@link SyncPlanner}) says what to write,
 * the sink ({@link GraphSink}) reads the graph and writes; neither is handed the other, and the
 * files between them are Parquet this use case owns and deletes.
 *
 * <p>A sync whose graph table carries a valid sync record compares only the keys staged changes
 * touched since; without one it compares the whole table. When the record is exact (the graph
 * table held exactly the staged rows at its position) and staging's change log still reaches
 * back to it, the graph's rows of those keys are the rows the log kept, and nothing is read from
 * the graph but, for a relationship table, the endpoints of rows new to it (and not those either
 * while the graph holds its endpoint node tables exactly as staged now: staging answers then,
 * {@link #syncedEndpoints}); otherwise the sink
 * exports the graph's rows of those keys. Rejects are predicted before anything
 * is written; without {@code ignoreErrors} any reject fails the call (422) and nothing is
 * written. A strict rebuild of a relationship table is the exception: it copies at once, into a
 * new table the engine drops again when it refuses a row, and looks for the rows missing an
 * endpoint only then, to name them in the same 422. The sync record is written last, and only by a sync or rebuild of the whole table
 * that rejected nothing, so an interrupted sync leaves the old record and the next one
 * compares the keys again, with the graph as it is.
 *
 * <p>A sync that finds staging at its record's position reads and writes nothing. Once a record
 * stands at a position, the staging table's change log is pruned through it.
 *
 * <p>After a write the registry marks ingested the files with rows in the graph and, for a
 * whole-table sync or rebuild, pending again the files that were ingested and are not any more.
 */
public final class Materialize {
    private static final int NAMED_REJECTS = 5;

    private final StagingStore store;
    private final SyncPlanner planner;
    private final GraphSink sink;
    private final FileRegistry registry;
    private final TableLocks locks;
    private final GraphSnapshots snapshots;

    /** Without snapshots (a library or test that keeps none). */
    public Materialize(StagingStore store, SyncPlanner planner, GraphSink sink, FileRegistry registry, TableLocks locks) {
        this(store, planner, sink, registry, locks, GraphSnapshots.off());
    }

    /** @param snapshots the graph is snapshotted after each materialize that wrote (not a dry run or verify) */
    @Inject
    public Materialize(StagingStore store, SyncPlanner planner, GraphSink sink, FileRegistry registry, TableLocks locks,
                       GraphSnapshots snapshots) {
        this.store = store;
        this.planner = planner;
        this.sink = sink;
        this.registry = registry;
        this.locks = locks;
        this.snapshots = snapshots;
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
        return locks.onTable(graph, table, () -> snapshotAfter(graph,
                run(graph, table, options, new Cancellation(), ProgressListener.NONE)));
    }

    /** Snapshots the graph (when snapshots are on); a whole-graph run calls it once at its end. */
    void snapshot(GraphId graph) {
        snapshots.snapshot(graph);
    }

    // Still on the table's queue: a later write of the table waits for this snapshot's copy.
    private MaterializeResult snapshotAfter(GraphId graph, MaterializeResult result) {
        if (!result.dryRun() && !result.skipped()) {
            snapshots.snapshot(graph);
        }
        return result;
    }

    /**
     * {@link #submit(GraphId, TableName, MaterializeOptions)} waiting for its turn until
     * cancelled, reporting its steps ({@link #runHeld}). A cancel is heard until the end of the
     * graph write: the sink interrupts its statements and leaves the graph as before.
     */
    public CompletableFuture<MaterializeResult> submit(GraphId graph, TableName table, MaterializeOptions options,
                                                       Cancellation cancellation, ProgressListener progress) {
        return locks.onTable(graph, table, cancellation,
                () -> snapshotAfter(graph, runHeld(graph, table, options, cancellation, progress)));
    }

    /**
     * Runs on a table the caller already holds (its own turn on the table, or the whole graph):
     * reports {@code loading} 0/1 tables as it begins, then {@code exporting} (the graph's rows, when
     * the sync compares with them), {@code planning} (staged rows) and {@code loading} (the rows to
     * write, as the sink writes them), and last {@code loading} 1/1 tables.
     */
    MaterializeResult runHeld(GraphId graph, TableName table, MaterializeOptions options, Cancellation cancellation,
                              ProgressListener progress) {
        cancellation.throwIfCancelled();
        progress.report(TaskProgress.of(ProgressPhase.LOADING, 0, 1, ProgressUnit.TABLES));
        MaterializeResult result = run(graph, table, options, cancellation, progress);
        progress.report(TaskProgress.of(ProgressPhase.LOADING, 1, 1, ProgressUnit.TABLES));
        return result;
    }

    private MaterializeResult run(GraphId graph, TableName table, MaterializeOptions options, Cancellation cancellation,
                                  ProgressListener progress) {
        Optional<TableSchema> found = store.describeTable(graph, table);
        if (found.isEmpty()) {
            return MaterializeResult.skipped(graph, table, options);
        }
        TableSchema schema = found.get();
        Set<FileId> unknown = planner.unknownFileIds(graph, table, options.fileIds());
        if (!unknown.isEmpty()) {
            throw new StagingException(ErrorCode.FILE_NOT_FOUND, "No staged file of table " + table + " in graph " + graph
                    + " has id(s) " + unknown.stream().map(FileId::value).collect(Collectors.toCollection(TreeSet::new))
                    + "; nothing was written");
        }
        try (WorkFiles files = new WorkFiles()) {
            return materialize(graph, table, schema, options, files, cancellation, progress);
        }
    }

    private MaterializeResult materialize(GraphId graph, TableName table, TableSchema schema, MaterializeOptions options,
                                          WorkFiles files, Cancellation cancellation, ProgressListener progress) {
        StagingPosition position = planner.position(graph, table);
        boolean relationship = schema.kind() == TableKind.RELATIONSHIP;
        Optional<EndpointKeys> stagedEndpoints = relationship
                && (options.fromNodeTable().isEmpty() || options.toNodeTable().isEmpty())
                ? Optional.of(files.own(planner.endpointValues(graph, table, options.fileIds(), Optional.empty())))
                : Optional.empty();
        GraphTarget target = sink.target(graph, schema, options.fromNodeTable(), options.toNodeTable(), stagedEndpoints);
        SyncMode mode = options.mode();
        if (mode == SyncMode.REBUILD && !options.cascade() && !target.dependents().isEmpty()) {
            throw new StagingException(ErrorCode.TABLE_IN_USE, "Node table " + target.tableName()
                    + " cannot be rebuilt: relationship table(s) " + String.join(", ", target.dependents())
                    + " point at it and hold rows; set cascade to empty them too");
        }
        Optional<SyncRecord> record = target.record().filter(r -> r.validFor(position, target.rowCount()));
        if (upToDate(options, record, position)) {
            return unchanged(graph, table, options, target.rowCount());
        }
        // An exact record the change log reaches back to: staging knows the graph's rows itself.
        Optional<StagingPosition> graphAt = mode == SyncMode.REBUILD || options.verify() ? Optional.empty()
                : record.filter(SyncRecord::exact).map(SyncRecord::position)
                .filter(at -> planner.keepsRowsSince(graph, table, at));
        Optional<ParquetFile> changed = mode == SyncMode.REBUILD || options.verify() || record.isEmpty()
                || graphAt.isPresent()
                ? Optional.empty()
                : planner.changedKeys(graph, table, record.get().position()).map(files::own);
        // No key changed since the record: the graph has nothing in scope to read.
        boolean noKeys = changed.isPresent() && changed.get().rowCount() == 0;
        Optional<ParquetFile> graphRows = Optional.empty();
        if (mode != SyncMode.REBUILD && target.exists() && !noKeys && graphAt.isEmpty()) {
            // The engine gives no finer position: the runner repeats this one while the export runs.
            progress.report(TaskProgress.of(ProgressPhase.EXPORTING, 0, target.rowCount(), ProgressUnit.ROWS));
            graphRows = Optional.of(files.own(sink.exportRows(graph, target, changed, planner.workFile(graph, table))));
            progress.report(TaskProgress.of(ProgressPhase.EXPORTING, graphRows.get().rowCount(),
                    graphRows.get().rowCount(), ProgressUnit.ROWS));
        }
        cancellation.throwIfCancelled();
        // A strict rebuild of relationships copies without looking for missing endpoints first: the
        // copy fills a new table, so one the engine refuses writes nothing, and only then are the
        // rejects looked for, to name them (rejectsOfRefusedRebuild).
        boolean endpointsAfterRefusal = relationship && mode == SyncMode.REBUILD && !options.ignoreErrors()
                && !options.dryRun();
        Optional<EndpointKeys> present = relationship && !endpointsAfterRefusal
                ? Optional.of(presentEndpoints(graph, table, target, options.fileIds(), changed, graphAt, files))
                : Optional.empty();
        progress.report(new TaskProgress(ProgressPhase.PLANNING, 0, OptionalLong.empty(), ProgressUnit.ROWS));
        SyncPlan plan = files.own(planner.plan(new SyncRequest(graph, table, target, mode, options.fileIds(), changed,
                graphRows, present, graphAt)));
        SyncCounts counts = plan.counts();
        progress.report(TaskProgress.of(ProgressPhase.PLANNING, counts.staged(), counts.staged(), ProgressUnit.ROWS));
        boolean wouldFail = counts.rejected() > 0 && !options.ignoreErrors();
        long deleted = mode == SyncMode.REBUILD ? target.rowCount() : counts.removed();
        if (options.dryRun()) {
            Optional<Drift> drift = options.verify()
                    ? Optional.of(new Drift(counts.inserted() + counts.rejected(), counts.updated(), counts.removed()))
                    : Optional.empty();
            return new MaterializeResult(graph, table, false, mode, counts.staged(), counts.inserted(), counts.updated(),
                    counts.unchanged(), counts.skipped(), counts.rejected(), deleted, 0, plan.firstRejects(),
                    mode == SyncMode.REBUILD ? target.dependents() : List.of(), true, wouldFail, drift);
        }
        if (wouldFail) {
            throw wouldReject(table, plan);
        }
        boolean wholeTable = options.fileIds().isEmpty() && mode != SyncMode.APPEND;
        Optional<StagingPosition> recordAfter = wholeTable && counts.rejected() == 0 ? Optional.of(position) : Optional.empty();
        boolean nothingToWrite = mode != SyncMode.REBUILD && target.exists() && plan.inserts().rowCount() == 0
                && plan.updates().rowCount() == 0 && plan.removals().rowCount() == 0
                && recordAfter.equals(record.map(SyncRecord::position));
        cancellation.throwIfCancelled();
        long toWrite = plan.inserts().rowCount() + plan.updates().rowCount() + plan.removals().rowCount();
        progress.report(TaskProgress.of(ProgressPhase.LOADING, 0, toWrite, ProgressUnit.ROWS));
        // Nothing changed and the record already says so: the graph database is not written at all.
        // A cancel from here on is the sink's to honour: it stops its statements and rolls back.
        GraphWriteResult written;
        try {
            written = nothingToWrite
                    ? new GraphWriteResult(0, 0, 0, 0, 0, List.of())
                    : sink.write(graph, target, new GraphWrite(plan.inserts(), plan.updates(), plan.removals(),
                            mode == SyncMode.REBUILD, options.cascade(), options.ignoreErrors(), recordAfter),
                            cancellation, progress);
        } catch (StagingException e) {
            if (!endpointsAfterRefusal || e.code() != ErrorCode.GRAPH_REJECTED_ROWS) {
                throw e;
            }
            throw rejectsOfRefusedRebuild(graph, table, target, options.fileIds(), files, e);
        }
        progress.report(TaskProgress.of(ProgressPhase.LOADING, toWrite, toWrite, ProgressUnit.ROWS));
        planner.keepRejects(graph, table, plan);
        markFiles(graph, table, plan, wholeTable);
        if (recordAfter.isPresent() && written.engineRejected() == 0 && !nothingToWrite) {
            // The sink wrote the graph's record at this position last: no sync of this table
            // needs the changes before it any more.
            planner.pruneChanges(graph, table, position);
        }
        return new MaterializeResult(graph, table, false, mode, counts.staged(), counts.inserted() - written.engineRejected(),
                counts.updated(), counts.unchanged(), counts.skipped(), counts.rejected() + written.engineRejected(),
                written.deleted(), written.relationshipsRemoved(), plan.firstRejects(), written.emptiedTables(), false,
                false, Optional.empty());
    }

    /**
     * The endpoint keys the graph holds, at least those a relationship row new to the graph needs.
     * A scope of every row (a rebuild, a sync without a record) needs most endpoint keys: all the
     * graph's keys cost less than staging listing its endpoint values first. Otherwise staging
     * lists the candidates (those of the changed keys' rows, or with {@code graphAt} only those
     * of rows new to the graph) and the graph says which it holds; none to look for, none missing.
     */
    private EndpointKeys presentEndpoints(GraphId graph, TableName table, GraphTarget target, Set<FileId> fileIds,
                                          Optional<ParquetFile> changed, Optional<StagingPosition> graphAt,
                                          WorkFiles files) {
        if (changed.isEmpty() && graphAt.isEmpty()) {
            Optional<EndpointKeys> all = sink.endpointKeys(graph, target, planner.workFile(graph, table),
                    planner.workFile(graph, table)).map(files::own);
            if (all.isPresent()) {
                return all.get();
            }
        }
        EndpointKeys candidates = files.own(graphAt.isPresent()
                ? planner.newEndpointsSince(graph, table, fileIds, graphAt.get())
                : planner.endpointValues(graph, table, fileIds, changed));
        if (candidates.from().rowCount() == 0 && candidates.to().rowCount() == 0) {
            return candidates;
        }
        Optional<EndpointKeys> staged = syncedEndpoints(graph, target).flatMap(nodes ->
                planner.presentInStaging(graph, table, candidates, nodes.from(), nodes.to()));
        return files.own(staged.orElseGet(() -> sink.presentEndpoints(graph, target, candidates,
                planner.workFile(graph, table), planner.workFile(graph, table))));
    }

    /**
     * The endpoint node tables of a relationship target when the graph holds each exactly as
     * staged at its record's position (the record is exact): staging then knows which keys the
     * graph holds as long as it still stands there, which the planner checks as it reads. The
     * record's row count is not compared: an exact record stands only until the next write of its
     * table, which rewrites, keeps (no longer exact) or discards it ({@link GraphSink#write}).
     */
    private Optional<SyncedEndpoints> syncedEndpoints(GraphId graph, GraphTarget target) {
        Endpoints endpoints = target.endpoints().orElseThrow();
        Map<String, SyncRecord> records = sink.syncRecords(graph);
        Optional<SyncedNodeTable> from = synced(records, endpoints.fromTable());
        Optional<SyncedNodeTable> to = synced(records, endpoints.toTable());
        return from.isPresent() && to.isPresent() ? Optional.of(new SyncedEndpoints(from.get(), to.get()))
                : Optional.empty();
    }

    // A table with a record was materialized from the staging table of its name (case aside).
    private static Optional<SyncedNodeTable> synced(Map<String, SyncRecord> records, String graphTable) {
        return records.entrySet().stream().filter(r -> r.getKey().equalsIgnoreCase(graphTable) && r.getValue().exact())
                .findFirst().map(r -> new SyncedNodeTable(TableName.of(graphTable), r.getValue().position()));
    }

    /** A relationship table's endpoint node tables, both held exactly by the graph. */
    private record SyncedEndpoints(SyncedNodeTable from, SyncedNodeTable to) {}

    /**
     * The answer to a strict rebuild whose copy the engine refused (nothing was written): the
     * rows missing an endpoint, found and named now as a check before the copy would have named
     * them; when no row misses one, the engine's refusal.
     */
    private StagingException rejectsOfRefusedRebuild(GraphId graph, TableName table, GraphTarget target,
                                                     Set<FileId> fileIds, WorkFiles files, StagingException refusal) {
        EndpointKeys present = presentEndpoints(graph, table, target, fileIds, Optional.empty(), Optional.empty(), files);
        SyncPlan checked = files.own(planner.plan(new SyncRequest(graph, table, target, SyncMode.REBUILD, fileIds,
                Optional.empty(), Optional.empty(), Optional.of(present))));
        return checked.counts().rejected() > 0 ? wouldReject(table, checked) : refusal;
    }

    private static StagingException wouldReject(TableName table, SyncPlan plan) {
        return new StagingException(ErrorCode.GRAPH_REJECTED_ROWS, "The graph would reject " + plan.counts().rejected()
                + " row(s) of table " + table + ", so nothing was written (set ignore_errors to leave them out): "
                + plan.firstRejects().stream().limit(NAMED_REJECTS).map(Materialize::describe)
                .collect(Collectors.joining("; ")));
    }

    /**
     * Whether the graph table is known to equal the whole staging table already: a sync or
     * append of the whole table, its record valid and at the staging table's position now.
     */
    private static boolean upToDate(MaterializeOptions options, Optional<SyncRecord> record, StagingPosition position) {
        return options.mode() != SyncMode.REBUILD && options.fileIds().isEmpty() && !options.verify() && !options.dryRun()
                && record.filter(r -> r.position().equals(position)).isPresent();
    }

    /**
     * The answer of a sync that finds staging where the graph's record says it was: nothing is
     * read, compared or written. The graph holds exactly the staged rows then (the record is
     * written only by a call that rejected nothing, and kept at its position only by writes of
     * staged rows), so they count as unchanged (skipped for an append); no rejects were kept at
     * this position, and the registry's marks are those the recording call left.
     */
    private static MaterializeResult unchanged(GraphId graph, TableName table, MaterializeOptions options, long rows) {
        boolean append = options.mode() == SyncMode.APPEND;
        return new MaterializeResult(graph, table, false, options.mode(), rows, 0, 0, append ? 0 : rows, append ? rows : 0,
                0, 0, 0, List.of(), List.of(), false, false, Optional.empty());
    }

    private void markFiles(GraphId graph, TableName table, SyncPlan plan, boolean wholeTable) {
        if (!plan.filesInGraph().isEmpty()) {
            registry.markIngested(graph, plan.filesInGraph());
        }
        if (wholeTable && registry.findTable(graph, table).isPresent()) {
            List<FileId> left = registry.listFiles(graph, table).stream()
                    .filter(f -> f.graphStatus() == GraphStatus.INGESTED && !plan.filesInGraph().contains(f.id()))
                    .map(RegistryFile::id).toList();
            if (!left.isEmpty()) {
                registry.markGraphPending(graph, left);
            }
        }
    }

    private static String describe(Reject reject) {
        return reject.key() + reject.fileId().map(f -> " from file " + f).orElse("") + ": " + reject.reason();
    }

    /** The Parquet files of one materialize, deleted when it ends however it ends. */
    private static final class WorkFiles implements AutoCloseable {
        private final Deque<AutoCloseable> owned = new ArrayDeque<>();

        <T extends AutoCloseable> T own(T file) {
            owned.push(file);
            return file;
        }

        @Override
        public void close() {
            RuntimeException first = null;
            while (!owned.isEmpty()) {
                try {
                    owned.pop().close();
                } catch (Exception e) {
                    if (first == null) {
                        first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
