package io.graphstaging.core.testing;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A {@link GraphSink} in memory that behaves as the LadybugDB sink does ({@link GraphSinkContract}
 * holds both to it): tables keyed by {@code identifier} or by {@code src, dst}, counts that add
 * up over writes, a removed node taking its relationships along, sync records written last (exact)
 * and kept (no longer exact) or discarded by the same writes, a relationship with a missing endpoint refused (or skipped and
 * counted with ignore_errors). Files are {@link RowsFile}s. Endpoints of a new relationship
 * table must be given, or the graph must hold exactly one node table. It keeps the writes it
 * was asked for, for tests of the use cases.
 */
public final class InMemoryGraphSink implements GraphSink {
    private final Clock clock;
    private final Map<GraphId, Map<String, Table>> graphs = new LinkedHashMap<>();
    private final Map<GraphId, Map<String, SyncRecord>> records = new LinkedHashMap<>();
    private final List<GraphWrite> writes = new ArrayList<>();
    private final List<Boolean> exportedKeys = new ArrayList<>();
    private Runnable duringWrite = () -> { };

    public InMemoryGraphSink(Clock clock) {
        this.clock = clock;
    }

    /** One graph table: its columns (keys first) and rows by key. */
    private static final class Table {
        final String name;
        final GraphTableKind kind;
        final List<Column> columns;
        final List<String> keyColumns;
        final Optional<Endpoints> endpoints;
        final Map<List<Object>, List<Object>> rows = new LinkedHashMap<>();

        Table(String name, GraphTableKind kind, List<Column> columns, List<String> keyColumns, Optional<Endpoints> endpoints) {
            this.name = name;
            this.kind = kind;
            this.columns = List.copyOf(columns);
            this.keyColumns = List.copyOf(keyColumns);
            this.endpoints = endpoints;
        }

        List<Object> keyOf(List<Object> row) {
            return new ArrayList<>(row.subList(0, keyColumns.size()));
        }
    }

    /** The writes asked for so far, in order. */
    public synchronized List<GraphWrite> writes() {
        return List.copyOf(writes);
    }

    /** For each export asked for so far, whether it was of given keys (rather than the whole table). */
    public synchronized List<Boolean> exportedKeys() {
        return List.copyOf(exportedKeys);
    }

    @Override
    public synchronized GraphTarget target(GraphId graph, TableSchema schema, Optional<TableName> from,
                                           Optional<TableName> to, Optional<EndpointKeys> stagedEndpoints) {
        if (schema.kind() == TableKind.PLAIN) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + schema.table()
                    + " is neither a node table (an 'identifier' column) nor a relationship table ('from' and 'to' columns)");
        }
        List<String> keys = schema.keyColumns();
        List<Column> visible = schema.columns().stream().filter(c -> !c.name().equals(TableKind.FILE_ID)).toList();
        List<Column> ordered = new ArrayList<>();
        keys.forEach(k -> ordered.add(visible.stream().filter(c -> c.name().equals(k)).findFirst().orElseThrow(() ->
                new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + schema.table() + " lacks key column " + k))));
        visible.stream().filter(c -> !keys.contains(c.name())).forEach(ordered::add);
        GraphTableKind kind = schema.kind() == TableKind.NODE ? GraphTableKind.NODE : GraphTableKind.RELATIONSHIP;
        Optional<Table> existing = find(graph, schema.table().value());
        if (existing.isPresent()) {
            Table table = existing.get();
            List<String> missing = ordered.stream().map(Column::name)
                    .filter(n -> table.columns.stream().noneMatch(c -> c.name().equals(n))).toList();
            if (!missing.isEmpty()) {
                throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Graph table " + table.name + " has no column(s) "
                        + String.join(", ", missing));
            }
            return new GraphTarget(table.name, table.kind, true, table.columns, table.keyColumns, table.endpoints,
                    table.rows.size(), record(graph, table.name), dependentsWithRows(graph, table.name));
        }
        Optional<Endpoints> endpoints = Optional.empty();
        if (kind == GraphTableKind.RELATIONSHIP) {
            endpoints = Optional.of(new Endpoints(endpoint(graph, from, "from_node_table"), endpoint(graph, to, "to_node_table")));
        }
        return new GraphTarget(schema.table().value(), kind, false, ordered, keys, endpoints, 0, Optional.empty(), List.of());
    }

    private String endpoint(GraphId graph, Optional<TableName> given, String field) {
        List<Table> nodeTables = tablesOf(graph).values().stream().filter(t -> t.kind == GraphTableKind.NODE).toList();
        if (given.isPresent()) {
            return find(graph, given.get().value()).filter(t -> t.kind == GraphTableKind.NODE).map(t -> t.name)
                    .orElseThrow(() -> new StagingException(ErrorCode.INVALID_REQUEST, field + " " + given.get()
                            + " is not a node table of the graph; materialize it first"));
        }
        if (nodeTables.size() != 1) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Give " + field + ": the graph's node tables are "
                    + nodeTables.stream().map(t -> t.name).collect(Collectors.joining(", ")));
        }
        return nodeTables.get(0).name;
    }

    @Override
    public synchronized ParquetFile exportRows(GraphId graph, GraphTarget target, Optional<ParquetFile> keys, Path out) {
        exportedKeys.add(keys.isPresent());
        Table table = existing(graph, target);
        List<List<Object>> rows;
        if (keys.isPresent()) {
            rows = new ArrayList<>();
            for (List<Object> key : read(keys.get())) {
                List<Object> row = table.rows.get(key);
                if (row != null) {
                    rows.add(row);
                }
            }
        } else {
            rows = new ArrayList<>(table.rows.values());
        }
        RowsFile.write(out, table.columns, rows);
        return new ParquetFile(out, rows.size(), table.columns);
    }

    @Override
    public synchronized EndpointKeys presentEndpoints(GraphId graph, GraphTarget target, EndpointKeys candidates,
                                                      Path outFrom, Path outTo) {
        Endpoints endpoints = target.endpoints().orElseThrow(() -> new StagingException(ErrorCode.INVALID_REQUEST,
                "Graph table " + target.tableName() + " is not a relationship table"));
        return new EndpointKeys(present(graph, endpoints.fromTable(), candidates.from(), outFrom),
                present(graph, endpoints.toTable(), candidates.to(), outTo));
    }

    @Override
    public synchronized Optional<EndpointKeys> endpointKeys(GraphId graph, GraphTarget target, Path outFrom, Path outTo) {
        Endpoints endpoints = target.endpoints().orElseThrow(() -> new StagingException(ErrorCode.INVALID_REQUEST,
                "Graph table " + target.tableName() + " is not a relationship table"));
        return Optional.of(new EndpointKeys(allKeys(graph, endpoints.fromTable(), target, 0, outFrom),
                allKeys(graph, endpoints.toTable(), target, 1, outTo)));
    }

    private ParquetFile allKeys(GraphId graph, String nodeTable, GraphTarget target, int side, Path out) {
        Table table = find(graph, nodeTable).orElseThrow();
        String type = target.columns().stream().filter(c -> c.name().equals(target.keyColumns().get(side)))
                .findFirst().orElseThrow().type();
        List<Column> key = List.of(new Column("key", type));
        List<List<Object>> keys = List.copyOf(table.rows.keySet());
        RowsFile.write(out, key, keys);
        return new ParquetFile(out, keys.size(), key);
    }

    private ParquetFile present(GraphId graph, String nodeTable, ParquetFile candidates, Path out) {
        Table table = find(graph, nodeTable).orElseThrow();
        List<List<Object>> present = read(candidates).stream().filter(table.rows::containsKey).toList();
        RowsFile.write(out, candidates.columns(), present);
        return new ParquetFile(out, present.size(), candidates.columns());
    }

    /** Runs inside each cancellable write, as something arriving while the graph is written would (a cancel, say). */
    public synchronized void duringWrite(Runnable action) {
        this.duringWrite = action;
    }

    /** Like the real sink: a cancel heard while writing stops the write and keeps nothing of it. */
    @Override
    public GraphWriteResult write(GraphId graph, GraphTarget target, GraphWrite write, Cancellation cancellation,
                                  ProgressListener progress) {
        duringWrite.run();
        cancellation.throwIfCancelled();
        return write(graph, target, write);
    }

    @Override
    public synchronized GraphWriteResult write(GraphId graph, GraphTarget target, GraphWrite write) {
        writes.add(write);
        Optional<Table> found = find(graph, target.tableName());
        long deleted = 0;
        List<String> emptied = List.of();
        boolean rebuild = write.rebuild() && found.isPresent();
        if (rebuild) {
            List<String> dependents = dependentsWithRows(graph, found.get().name);
            if (!dependents.isEmpty() && !write.cascade()) {
                throw new StagingException(ErrorCode.TABLE_IN_USE, "Node table " + found.get().name + " of graph " + graph
                        + " is used by relationship tables " + String.join(", ", dependents)
                        + " that hold rows; rebuild with cascade to empty them too");
            }
            emptied = dependents;
        }
        Table table = found.orElseGet(() -> create(graph, target));
        List<List<Object>> inserts = write.inserts().rowCount() > 0 ? read(write.inserts()) : List.of();
        List<List<Object>> accepted = new ArrayList<>();
        // A rebuild's rows go into an empty table; like the real sink, a refusal keeps the old one.
        Set<List<Object>> keys = rebuild ? new HashSet<>() : new HashSet<>(table.rows.keySet());
        for (List<Object> row : inserts) {
            Optional<String> refusal = refusal(graph, table, row, keys);
            if (refusal.isPresent() && !write.ignoreErrors()) {
                throw new StagingException(ErrorCode.GRAPH_REJECTED_ROWS, "The graph rejected rows of table "
                        + table.name + ", nothing was loaded (set ignore_errors to skip such rows): " + refusal.get());
            }
            if (refusal.isEmpty()) {
                accepted.add(row);
                keys.add(table.keyOf(row));
            }
        }
        if (rebuild) {
            for (String dependent : emptied) {
                find(graph, dependent).orElseThrow().rows.clear();
                discard(graph, dependent);
            }
            deleted = table.rows.size();
            table.rows.clear();
            discard(graph, table.name);
        }
        accepted.forEach(row -> table.rows.put(table.keyOf(row), List.copyOf(row)));
        long updated = 0;
        if (write.updates().rowCount() > 0 && table.columns.size() > table.keyColumns.size()) {
            for (List<Object> row : read(write.updates())) {
                table.rows.computeIfPresent(table.keyOf(row), (k, old) -> List.copyOf(row));
            }
            updated = write.updates().rowCount();
        }
        long relationshipsRemoved = 0;
        if (write.removals().rowCount() > 0) {
            for (List<Object> key : read(write.removals())) {
                if (table.rows.remove(key) != null) {
                    deleted++;
                    if (table.kind == GraphTableKind.NODE) {
                        relationshipsRemoved += removeRelationshipsOf(graph, table.name, key.get(0));
                    }
                }
            }
        }
        Optional<SyncRecord> previous = record(graph, table.name);
        long rejected = inserts.size() - accepted.size();
        if (write.recordAfter().isPresent() && rejected == 0) {
            recordsOf(graph).put(lower(table.name), new SyncRecord(write.recordAfter().get(), table.rows.size(),
                    clock.instant(), true));
        } else if (previous.isPresent()) {
            recordsOf(graph).put(lower(table.name), previous.get().keptWith(table.rows.size()));
        }
        return new GraphWriteResult(accepted.size(), rejected, updated, deleted, relationshipsRemoved, emptied);
    }

    /** Why the engine would refuse the row: a key already there, or a relationship endpoint missing. */
    private Optional<String> refusal(GraphId graph, Table table, List<Object> row, Set<List<Object>> keys) {
        if (table.kind == GraphTableKind.NODE) {
            Object key = row.get(0);
            if (key == null) {
                return Optional.of("Found NULL, which violates the non-null constraint of the primary key column.");
            }
            return keys.contains(table.keyOf(row)) ? Optional.of("Found duplicated primary key value " + key
                    + ", which violates the uniqueness constraint of the primary key column.") : Optional.empty();
        }
        Endpoints endpoints = table.endpoints.orElseThrow();
        for (int side = 0; side < 2; side++) {
            Table nodes = find(graph, side == 0 ? endpoints.fromTable() : endpoints.toTable()).orElseThrow();
            if (row.get(side) == null || !nodes.rows.containsKey(List.of(row.get(side)))) {
                return Optional.of("Unable to find primary key value " + row.get(side) + ".");
            }
        }
        return Optional.empty();
    }

    private long removeRelationshipsOf(GraphId graph, String nodeTable, Object key) {
        long removed = 0;
        for (Table table : tablesOf(graph).values()) {
            if (table.kind != GraphTableKind.RELATIONSHIP) {
                continue;
            }
            Endpoints endpoints = table.endpoints.orElseThrow();
            int before = table.rows.size();
            table.rows.keySet().removeIf(k -> endpoints.fromTable().equalsIgnoreCase(nodeTable) && key.equals(k.get(0))
                    || endpoints.toTable().equalsIgnoreCase(nodeTable) && key.equals(k.get(1)));
            int lost = before - table.rows.size();
            if (lost > 0) {
                discard(graph, table.name);
                removed += lost;
            }
        }
        return removed;
    }

    private Table create(GraphId graph, GraphTarget target) {
        Table table = new Table(target.tableName(), target.kind(), target.columns(), target.keyColumns(), target.endpoints());
        tablesOf(graph).put(lower(table.name), table);
        return table;
    }

    private List<String> dependentsWithRows(GraphId graph, String nodeTable) {
        return tablesOf(graph).values().stream()
                .filter(t -> t.kind == GraphTableKind.RELATIONSHIP && !t.rows.isEmpty())
                .filter(t -> t.endpoints.orElseThrow().fromTable().equalsIgnoreCase(nodeTable)
                        || t.endpoints.orElseThrow().toTable().equalsIgnoreCase(nodeTable))
                .map(t -> t.name).toList();
    }

    /**
     * Puts a record as another writer of the graph database might have left it (e.g. one whose
     * row count no longer matches the table): for tests of what trusts a record.
     */
    public synchronized void putRecord(GraphId graph, String table, SyncRecord record) {
        recordsOf(graph).put(lower(table), record);
    }

    @Override
    public synchronized Map<String, SyncRecord> syncRecords(GraphId graph) {
        return Map.copyOf(records.getOrDefault(graph, Map.of()));
    }

    @Override
    public synchronized List<GraphTableStats> tables(GraphId graph) {
        return graphs.getOrDefault(graph, Map.of()).values().stream()
                .map(t -> new GraphTableStats(t.name, t.kind, t.rows.size())).toList();
    }

    @Override
    public String engineVersion() {
        return "in-memory";
    }

    @Override
    public void checkHealth() {
        // Memory is always there.
    }

    private Table existing(GraphId graph, GraphTarget target) {
        return find(graph, target.tableName()).orElseThrow(() -> new StagingException(ErrorCode.GRAPH_FAILED,
                "Graph table " + target.tableName() + " of graph " + graph + " is gone"));
    }

    private Optional<Table> find(GraphId graph, String name) {
        return Optional.ofNullable(graphs.getOrDefault(graph, Map.of()).get(lower(name)));
    }

    private Map<String, Table> tablesOf(GraphId graph) {
        return graphs.computeIfAbsent(graph, g -> new LinkedHashMap<>());
    }

    private Map<String, SyncRecord> recordsOf(GraphId graph) {
        return records.computeIfAbsent(graph, g -> new LinkedHashMap<>());
    }

    private Optional<SyncRecord> record(GraphId graph, String table) {
        return Optional.ofNullable(records.getOrDefault(graph, Map.of()).get(lower(table)));
    }

    private void discard(GraphId graph, String table) {
        recordsOf(graph).remove(lower(table));
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static List<List<Object>> read(ParquetFile file) {
        try {
            return RowsFile.read(file.path()).rows();
        } catch (IOException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "Cannot read work file " + file.path().getFileName(), e);
        }
    }
}
