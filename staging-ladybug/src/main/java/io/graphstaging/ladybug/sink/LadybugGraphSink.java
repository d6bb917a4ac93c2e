package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphColumnTransfer;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.Endpoints;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.LadybugException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link GraphSink} on LadybugDB: one database file per graph, {@code <dir>/<graph_id>.lbug}.
 *
 * <p><b>Reading.</b> A graph table's rows (all, or those of a Parquet file of keys) and the
 * endpoint keys a relationship table needs are written to Parquet with {@code COPY (...) TO},
 * in the column order of the graph table and named as staged, for staging to compare.
 *
 * <p><b>Writing, in bulk.</b> Inserts with one {@code COPY} (shaped to the buffer pool by
 * {@link TableCopy}: fewer threads, key-hash batches for a new table, or a refusal before
 * anything is written; relationships new to an existing table with one {@code CREATE}, which
 * the sync's transaction can roll back); updates as one {@code LOAD FROM ... MATCH ... SET}; removals as one
 * {@code LOAD FROM ... MATCH ... DETACH DELETE} (or {@code DELETE r}). Relationships are read,
 * updated and removed by key from their source nodes when that costs less than joining with the
 * whole relationship table ({@link SourceAnchoring}). The copy runs first, so
 * a row only the engine refuses fails the call before anything else is written. A rebuild
 * copies into a new table and swaps it in for the old one ({@link GraphTableRebuild}), so a
 * rebuild that fails leaves the old table.
 *
 * <p><b>Sync records</b> ({@link SyncRecords}) live in the graph database: written last, with
 * the table's row count, exact when written by the write that asked for one, kept (not exact) by
 * other writes, and discarded by a rebuild's swap, a cascade, or relationships
 * removed with their nodes.
 *
 * <p><b>A killed process.</b> A table this call creates is marked inside the graph database
 * until its copy is done ({@link UnfinishedTables}); when the database next opens, a table still
 * marked is dropped.
 *
 * <p>Work on one graph is serialised; different graphs proceed in parallel. Databases open on
 * use and close when idle or when memory is short ({@link GraphDatabases}).
 */
public final class LadybugGraphSink implements GraphSink, AutoCloseable {
    private final GraphDatabases databases;
    private final TableCopy copy;
    private final Path databaseDir;

    /**
     * @param budget each open graph database reserves its buffer pool from it; idle databases
     *               are closed when it runs short
     */
    @Inject
    public LadybugGraphSink(LadybugConfig config, MemoryBudget budget) {
        this.databaseDir = config.databaseDir();
        this.databases = new GraphDatabases(config, budget, UnfinishedTables::dropLeftovers);
        this.copy = new TableCopy(config.bufferPoolBytes(), config.maxThreads());
    }

    @Override
    public GraphTarget target(GraphId graph, TableSchema schema, Optional<TableName> from, Optional<TableName> to,
                              Optional<EndpointKeys> stagedEndpoints) {
        if (schema.kind() == TableKind.PLAIN) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + schema.table()
                    + " is neither a node table (an 'identifier' column) nor a relationship table ('from' and 'to' columns)");
        }
        // Every column that cannot reach the graph exact is refused before the graph is touched.
        GraphColumnTransfer.ofAll(schema.table(), schema.columns().stream()
                .filter(c -> !c.name().equals(TableKind.FILE_ID)).toList());
        TableSchema visible = withoutFileId(schema);
        Optional<GraphTarget> found = read(graph, "describing graph table " + schema.table(), connection -> {
            Optional<GraphTable> existing = GraphCatalog.find(connection, schema.table().value());
            if (existing.isPresent()) {
                // Described as it will be once write adds the staged columns it lacks: nothing is
                // altered here, since a dry run and a verify target too.
                GraphTable table = GraphColumnAdditions.of(existing.get(), visible).asWillBe();
                LoadPlan plan = LoadPlan.forExisting(table, visible, from, to);
                List<String> dependents = table.kind() == GraphTableKind.NODE
                        ? GraphTableEmptying.withRows(connection, GraphTableEmptying.pointingAt(connection, table.name()))
                        : List.of();
                return target(visible, plan, true, GraphCatalog.rowCount(connection, table.name(), table.kind()),
                        SyncRecords.find(connection, table.name()), dependents);
            }
            return newTarget(connection, visible, from, to, stagedEndpoints);
        });
        // A graph without a database: described without creating it (a dry run writes nothing).
        return found.orElseGet(() -> newTarget(null, visible, from, to, stagedEndpoints));
    }

    private static GraphTarget newTarget(Connection connection, TableSchema schema, Optional<TableName> from,
                                         Optional<TableName> to, Optional<EndpointKeys> stagedEndpoints) {
        Optional<TableName> source = from;
        Optional<TableName> destination = to;
        if (schema.kind() == TableKind.RELATIONSHIP && (from.isEmpty() || to.isEmpty())) {
            EndpointInference inference = new EndpointInference(connection, schema);
            source = from.or(() -> Optional.of(inference.infer(TableKind.SRC, "from_node_table",
                    stagedEndpoints.map(EndpointKeys::from))));
            destination = to.or(() -> Optional.of(inference.infer(TableKind.DST, "to_node_table",
                    stagedEndpoints.map(EndpointKeys::to))));
        }
        if (connection == null && schema.kind() == TableKind.RELATIONSHIP) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "from_node_table " + source.orElseThrow()
                    + " is not a node table of the graph; materialize it first");
        }
        LoadPlan plan = LoadPlan.forNew(connection, schema, source, destination);
        return target(schema, plan, false, 0, Optional.empty(), List.of());
    }

    private static GraphTarget target(TableSchema schema, LoadPlan plan, boolean exists, long rows,
                                      Optional<SyncRecord> record, List<String> dependents) {
        List<Column> columns = plan.exportColumns().stream().map(name -> schema.columns().stream()
                .filter(c -> c.name().equals(name)).findFirst().orElseThrow()).toList();
        return new GraphTarget(plan.tableName(), plan.kind(), exists, columns, plan.keyColumns(),
                plan.endpoints().map(e -> new Endpoints(e.fromTable(), e.toTable())), rows, record, dependents);
    }

    @Override
    public ParquetFile exportRows(GraphId graph, GraphTarget target, Optional<ParquetFile> keys, Path out) {
        return engine(graph, "exporting graph table " + target.tableName(), connection -> {
            GraphColumnAdditions additions = additionsFor(connection, graph, target);
            LoadPlan plan = LoadPlan.forExisting(additions.asWillBe(), schemaOf(graph, target), fromOf(target), toOf(target));
            Set<String> asText = target.columns().stream()
                    .filter(c -> GraphColumnTransfer.of(c).readBackAsText())
                    .map(Column::name).collect(Collectors.toSet());
            // Columns write has not added yet read as NULL, as staging holds them for older rows.
            Map<String, String> absent = additions.absentTypes();
            connection.execute(keys.isPresent()
                    ? plan.exportKeys(keys.get().path(), out, asText, absent, SourceAnchoring.pays(connection, plan, keys.get().path()))
                    : plan.exportAll(out, asText, absent));
            return new ParquetFile(out, rowsIn(connection, out), target.columns());
        });
    }

    @Override
    public EndpointKeys presentEndpoints(GraphId graph, GraphTarget target, EndpointKeys candidates, Path outFrom,
                                         Path outTo) {
        return engine(graph, "reading the endpoints of graph table " + target.tableName(), connection -> {
            GraphTable.Endpoints e = endpointsOf(connection, graph, target);
            boolean keysExact = target.columns().stream().filter(c -> target.keyColumns().contains(c.name()))
                    .noneMatch(c -> GraphColumnTransfer.of(c).readBackAsText());
            if (keysExact) {
                // All keys of the endpoint tables: a superset of the candidates present, as the port allows.
                connection.execute(LoadPlan.allKeys(e.fromTable(), e.fromKey(), outFrom));
                connection.execute(LoadPlan.allKeys(e.toTable(), e.toKey(), outTo));
            } else {
                // Keys the engine cannot write to Parquet as they are: the candidates, as staged, that are there.
                connection.execute(LoadPlan.presentKeys(candidates.from().path(), e.fromTable(), e.fromKey(), outFrom));
                connection.execute(LoadPlan.presentKeys(candidates.to().path(), e.toTable(), e.toKey(), outTo));
            }
            return new EndpointKeys(new ParquetFile(outFrom, rowsIn(connection, outFrom), candidates.from().columns()),
                    new ParquetFile(outTo, rowsIn(connection, outTo), candidates.to().columns()));
        });
    }

    @Override
    public Optional<EndpointKeys> endpointKeys(GraphId graph, GraphTarget target, Path outFrom, Path outTo) {
        List<Column> keys = target.columns().stream().filter(c -> target.keyColumns().contains(c.name())).toList();
        if (keys.stream().anyMatch(c -> GraphColumnTransfer.of(c).readBackAsText())) {
            return Optional.empty(); // keys the engine cannot write to Parquet as they are
        }
        return Optional.of(engine(graph, "reading the endpoint keys of graph table " + target.tableName(), connection -> {
            GraphTable.Endpoints e = endpointsOf(connection, graph, target);
            connection.execute(LoadPlan.allKeys(e.fromTable(), e.fromKey(), outFrom));
            connection.execute(LoadPlan.allKeys(e.toTable(), e.toKey(), outTo));
            return new EndpointKeys(new ParquetFile(outFrom, rowsIn(connection, outFrom), keyColumn(keys.get(0))),
                    new ParquetFile(outTo, rowsIn(connection, outTo), keyColumn(keys.get(1))));
        }));
    }

    private static List<Column> keyColumn(Column staged) {
        return List.of(new Column("key", staged.type()));
    }

    private static long rowsIn(Connection connection, Path parquet) {
        return connection.queryLong("LOAD FROM " + Cypher.path(parquet) + " RETURN count(*)");
    }

    @Override
    public GraphWriteResult write(GraphId graph, GraphTarget target, GraphWrite write) {
        return write(graph, target, write, new Cancellation(), ProgressListener.NONE);
    }

    /**
     * Writes, interrupting the engine once {@code cancellation} fires ({@link EngineInterrupts}).
     * A sync into an existing table runs in one transaction, which an interrupted statement
     * rolls back whole; a new table is dropped again ({@link #createAndCopy}); a rebuild's new
     * table too, before it replaced the old one ({@link GraphTableRebuild}), whose rows and sync
     * record stay.
     */
    @Override
    public GraphWriteResult write(GraphId graph, GraphTarget target, GraphWrite write, Cancellation cancellation,
                                  ProgressListener progress) {
        cancellation.throwIfCancelled();
        TableSchema schema = schemaOf(graph, target);
        return engine(graph, "writing graph table " + target.tableName(), connection -> {
            boolean oneTransaction = target.exists() && !write.rebuild();
            EngineInterrupts interrupts = EngineInterrupts.watch(connection, cancellation);
            try (interrupts) {
                if (!oneTransaction) {
                    return writeAll(connection, schema, target, write, progress, interrupts);
                }
                connection.execute("BEGIN TRANSACTION");
                GraphWriteResult result;
                try {
                    result = writeAll(connection, schema, target, write, progress, interrupts);
                    // A cancel that came between statements, or after the last: nothing is committed.
                    interrupts.pointOfNoReturn();
                } catch (RuntimeException e) {
                    EngineTransactions.rollback(connection, e);
                    throw e;
                }
                connection.execute("COMMIT");
                return result;
            } catch (RuntimeException e) {
                // An interrupted statement surfaces as an engine error (or the copy's domain error):
                // what stopped it was the cancel, unless it came after the point of no return.
                if (interrupts.stoppedTheWork()) {
                    cancellation.throwIfCancelled();
                }
                throw e;
            }
        });
    }

    /**
     * @param interrupts told the point of no return of a write that commits on its own (a rebuild's
     *                   swap, a new table kept); a sync in one transaction reaches it in the caller
     */
    private GraphWriteResult writeAll(Connection connection, TableSchema schema, GraphTarget target, GraphWrite write,
                                      ProgressListener progress, EngineInterrupts interrupts) {
        long total = write.inserts().rowCount() + write.updates().rowCount() + write.removals().rowCount();
        Optional<GraphTable> found = GraphCatalog.find(connection, target.tableName());
        boolean rebuild = write.rebuild() && found.isPresent();
        // The staged columns the graph table lacks are added here, only when the graph is written;
        // a rebuild creates its new table with them and leaves the old one as it is.
        Optional<GraphTable> existing = found.map(table -> rebuild
                ? GraphColumnAdditions.of(table, schema).asWillBe()
                : GraphColumnAdditions.apply(connection, table, schema));
        long deleted = 0;
        List<String> emptied = List.of();
        LoadPlan plan = existing.isPresent()
                ? LoadPlan.forExisting(existing.get(), schema, fromOf(target), toOf(target))
                : LoadPlan.forNew(connection, schema, fromOf(target), toOf(target));
        copy.checkColumnsFit(schema, plan);
        TableCopy.Copied copied;
        if (rebuild) {
            GraphTableRebuild.Rebuilt rebuilt = GraphTableRebuild.run(connection, copy, schema, existing.get(),
                    write.inserts(), write.cascade(), write.ignoreErrors(), interrupts);
            copied = rebuilt.copied();
            deleted = rebuilt.deleted();
            emptied = rebuilt.emptiedTables();
        } else {
            copied = existing.isEmpty()
                    ? createAndCopy(connection, schema, plan, write, interrupts)
                    : copy.run(connection, schema, plan, write.inserts().path(), write.inserts().rowCount(), false,
                            write.ignoreErrors());
        }
        progress.report(TaskProgress.of(ProgressPhase.LOADING, write.inserts().rowCount(), total, ProgressUnit.ROWS));
        long updated = 0;
        if (write.updates().rowCount() > 0 && plan.hasProperties()) {
            connection.execute(plan.update(write.updates().path(), sentAsText(schema),
                    SourceAnchoring.pays(connection, plan, write.updates().path())));
            updated = write.updates().rowCount();
        }
        progress.report(TaskProgress.of(ProgressPhase.LOADING, write.inserts().rowCount() + write.updates().rowCount(),
                total, ProgressUnit.ROWS));
        long relationshipsRemoved = 0;
        if (write.removals().rowCount() > 0) {
            long before = GraphCatalog.rowCount(connection, plan.tableName(), plan.kind());
            relationshipsRemoved = removeWithRelationships(connection, plan, write.removals().path());
            deleted += before - GraphCatalog.rowCount(connection, plan.tableName(), plan.kind());
        }
        long rows = GraphCatalog.rowCount(connection, plan.tableName(), plan.kind());
        Optional<SyncRecord> previous = SyncRecords.find(connection, plan.tableName());
        if (write.recordAfter().isPresent() && copied.rejected() == 0) {
            SyncRecords.put(connection, plan.tableName(),
                    new SyncRecord(write.recordAfter().get(), rows, Instant.now(), true));
        } else if (previous.isPresent()) {
            // Inserts and updates of staged rows keep "the graph equals staging as of the record,
            // plus later changes": the record stays, with the table's new row count, not exact.
            SyncRecords.put(connection, plan.tableName(), previous.get().keptWith(rows));
        }
        return new GraphWriteResult(copied.inserted(), copied.rejected(), updated, deleted, relationshipsRemoved, emptied);
    }

    private TableCopy.Copied createAndCopy(Connection connection, TableSchema schema, LoadPlan plan, GraphWrite write,
                                           EngineInterrupts interrupts) {
        // Committed before the table exists: a process killed from here on leaves the mark.
        UnfinishedTables.begin(connection, plan.tableName());
        try {
            connection.execute(plan.createStatement().orElseThrow());
            TableCopy.Copied copied = copy.run(connection, schema, plan, write.inserts().path(), write.inserts().rowCount(),
                    true, write.ignoreErrors());
            // A cancel heard until here drops the new table; once its mark is gone the table stays.
            interrupts.pointOfNoReturn();
            UnfinishedTables.finish(connection, plan.tableName());
            return copied;
        } catch (RuntimeException e) {
            UnfinishedTables.dropAfter(connection, plan.tableName(), e);
            throw e;
        }
    }

    /**
     * Removes the keys' rows; a node takes its relationships along. Returns the relationships
     * removed with their nodes; the sync records of relationship tables that lost rows go.
     */
    private static long removeWithRelationships(Connection connection, LoadPlan plan, Path removals) {
        List<GraphTable> pointing = plan.kind() == GraphTableKind.NODE
                ? GraphTableEmptying.pointingAt(connection, plan.tableName()) : List.of();
        Map<String, Long> before = new LinkedHashMap<>();
        pointing.forEach(r -> before.put(r.name(), GraphCatalog.rowCount(connection, r.name(), r.kind())));
        connection.execute(plan.remove(removals, SourceAnchoring.pays(connection, plan, removals)));
        long removed = 0;
        for (GraphTable relationship : pointing) {
            long lost = before.get(relationship.name()) - GraphCatalog.rowCount(connection, relationship.name(), relationship.kind());
            if (lost > 0) {
                SyncRecords.discard(connection, relationship.name());
                removed += lost;
            }
        }
        return removed;
    }

    @Override
    public Map<String, SyncRecord> syncRecords(GraphId graph) {
        return read(graph, "reading sync records", SyncRecords::all).orElse(Map.of());
    }

    /** Runs work on the graph's database, engine failures as {@code GRAPH_FAILED}. */
    private <T> T engine(GraphId graph, String doing, Function<Connection, T> work) {
        return databases.write(graph, connection -> guarded(graph, doing, work, connection));
    }

    /** Like {@link #engine}, but empty and nothing created for a graph without a database. */
    private <T> Optional<T> read(GraphId graph, String doing, Function<Connection, T> work) {
        return databases.readIfExists(graph, connection -> guarded(graph, doing, work, connection));
    }

    private static <T> T guarded(GraphId graph, String doing, Function<Connection, T> work, Connection connection) {
        try {
            return work.apply(connection);
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "Graph " + graph + ": " + doing + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** The graph table of an existing target and the target's columns it does not have yet. */
    private static GraphColumnAdditions additionsFor(Connection connection, GraphId graph, GraphTarget target) {
        GraphTable table = GraphCatalog.find(connection, target.tableName()).orElseThrow(() -> new StagingException(
                ErrorCode.GRAPH_FAILED, "Graph table " + target.tableName() + " of graph " + graph + " is gone"));
        return GraphColumnAdditions.of(table, schemaOf(graph, target));
    }

    /** A relationship table's endpoints, from the graph when it exists, else as the target names them. */
    private static GraphTable.Endpoints endpointsOf(Connection connection, GraphId graph, GraphTarget target) {
        if (target.exists()) {
            return LoadPlan.forExisting(additionsFor(connection, graph, target).asWillBe(), schemaOf(graph, target),
                    fromOf(target), toOf(target)).endpoints().orElseThrow();
        }
        return LoadPlan.forNew(connection, schemaOf(graph, target), fromOf(target), toOf(target)).endpoints().orElseThrow();
    }

    private static TableSchema schemaOf(GraphId graph, GraphTarget target) {
        return new TableSchema(graph, TableName.of(target.tableName()),
                target.kind() == GraphTableKind.NODE ? TableKind.NODE : TableKind.RELATIONSHIP, target.columns());
    }

    /** The columns staging hands over as text, with their graph types. */
    static Map<String, String> sentAsText(TableSchema schema) {
        return schema.columns().stream().map(GraphColumnTransfer::of)
                .filter(t -> t.carrier() != GraphColumnTransfer.Carrier.AS_STAGED)
                .collect(Collectors.toMap(t -> t.column().name(), GraphColumnTransfer::graphType));
    }

    private static TableSchema withoutFileId(TableSchema schema) {
        return new TableSchema(schema.graph(), schema.table(), schema.kind(),
                schema.columns().stream().filter(c -> !c.name().equals(TableKind.FILE_ID)).toList());
    }

    private static Optional<TableName> fromOf(GraphTarget target) {
        return target.endpoints().map(e -> TableName.of(e.fromTable()));
    }

    private static Optional<TableName> toOf(GraphTarget target) {
        return target.endpoints().map(e -> TableName.of(e.toTable()));
    }

    @Override
    public List<GraphTableStats> tables(GraphId graph) {
        try {
            return databases.readIfExists(graph, connection -> {
                List<GraphTableStats> stats = new ArrayList<>();
                GraphCatalog.tableKinds(connection).forEach((name, kind) ->
                        stats.add(new GraphTableStats(name, kind, GraphCatalog.rowCount(connection, name, kind))));
                return stats;
            }).orElse(List.of());
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "Reading the tables of graph " + graph + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String engineVersion() {
        try {
            return Database.engineVersion();
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "The graph engine is not available: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkHealth() {
        engineVersion();
        try {
            Files.createDirectories(databaseDir);
        } catch (IOException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED,
                    "The graph database directory " + databaseDir + " cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(databaseDir)) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "The graph database directory " + databaseDir + " is not writable");
        }
    }

    /** The graph databases, shared with the graph's queries and schema (one open database per graph). */
    GraphDatabases databases() {
        return databases;
    }

    /** Graph databases open now (idle ones close after the idle timeout or when memory is short). */
    public int openDatabases() {
        return databases.openCount();
    }

    /** Closes every graph database; later calls fail with {@code SHUTTING_DOWN}. */
    @Override
    public void close() {
        databases.close();
    }
}
