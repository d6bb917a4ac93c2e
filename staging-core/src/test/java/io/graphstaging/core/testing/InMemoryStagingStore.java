package io.graphstaging.core.testing;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.model.QuarantinePage;
import io.graphstaging.core.model.QuarantinedRow;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SchemaDrift;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableShape;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.port.StagingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The staging ports in memory, for core unit tests. Source files are {@link RowsFile}s; the
 * staging semantics (shaping, dedupe with the later file and row winning, per-file
 * provenance, atomic replace) match the DuckDB store's, checked by the same contract test.
 * Queries: only {@code SELECT * FROM <table> [WHERE <column> = ?]}; other reads are
 * {@code INVALID_SQL}, anything else {@code QUERY_FORBIDDEN}.
 */
public final class InMemoryStagingStore implements StagingStore, StagingQueries, StagingMaintenance {
    private static final Pattern SELECT_ALL = Pattern.compile(
            "(?i)\\s*SELECT\\s+\\*\\s+FROM\\s+([A-Za-z0-9_-]+)(?:\\s+WHERE\\s+([A-Za-z0-9_]+)\\s*=\\s*\\?)?\\s*;?\\s*");
    private static final Pattern FIRST_WORD_READS = Pattern.compile("(?i)\\s*(SELECT|WITH|FROM)\\b");

    private record StagedFile(String key, long seq, List<List<Object>> rows, List<QuarantinedRow> quarantined) {}

    private static final class Table {
        final String name;
        final TableKind kind;
        final boolean hasFileId;
        List<Column> columns;
        final Optional<String> location;
        SchemaContract contract;
        final LinkedHashMap<String, StagedFile> files = new LinkedHashMap<>();
        long nextSeq;

        Table(String name, TableKind kind, boolean hasFileId, List<Column> columns, Optional<String> location,
              SchemaContract contract) {
            this.name = name;
            this.kind = kind;
            this.hasFileId = hasFileId;
            this.columns = List.copyOf(columns);
            this.location = location;
            this.contract = contract;
        }

        Table copy() {
            Table t = new Table(name, kind, hasFileId, columns, location, contract);
            t.files.putAll(files);
            t.nextSeq = nextSeq;
            return t;
        }

        TableShape shape() {
            return new TableShape(kind, columns, hasFileId);
        }

        /** Takes an evolved shape: staged rows get NULL in added columns (types here never change values). */
        void reshape(TableShape evolved) {
            List<Column> old = columns;
            columns = evolved.columns();
            for (Map.Entry<String, StagedFile> e : files.entrySet()) {
                List<List<Object>> rows = new ArrayList<>();
                for (List<Object> row : e.getValue().rows()) {
                    List<Object> moved = new ArrayList<>();
                    for (Column c : columns) {
                        int at = indexOf(old, c.name());
                        moved.add(at < 0 ? null : row.get(at));
                    }
                    rows.add(moved);
                }
                StagedFile f = e.getValue();
                e.setValue(new StagedFile(f.key(), f.seq(), rows, f.quarantined()));
            }
        }
    }

    private final Path exportDir;
    private final Map<GraphId, Map<String, Table>> graphs = new HashMap<>(); // guarded by this
    /** Per graph: cancelled when the graph is removed, which stops its running queries. */
    private final Map<GraphId, Cancellation> removals = new HashMap<>(); // guarded by this
    /** Per graph: queries streaming now. */
    private final Map<GraphId, Integer> active = new HashMap<>(); // guarded by this

    public InMemoryStagingStore(Path exportDir) {
        this.exportDir = exportDir;
    }

    // ---- StagingStore

    @Override
    public synchronized StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location) {
        return createTable(graph, table, files, location, SchemaContract.DEFAULT, new Cancellation());
    }

    @Override
    public synchronized StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location,
                                                SchemaContract contract, Cancellation cancellation) {
        cancellation.throwIfCancelled();
        List<SourceFile> ordered = lastOccurrences(files);
        if (ordered.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Creating table " + table + " needs at least one file");
        }
        List<RowsFile.Content> contents = ordered.stream().map(InMemoryStagingStore::read).toList();
        boolean hasFileId = ordered.stream().anyMatch(f -> f.fileId().isPresent());
        Table fresh = shape(table, ordered.get(0), contents.get(0).columns(), hasFileId, Optional.ofNullable(location),
                contract);
        Map<String, Long> counts = new LinkedHashMap<>();
        long quarantined = stageInto(fresh, ordered, contents, counts);
        graphs.computeIfAbsent(graph, g -> new TreeMap<>()).put(key(table), fresh);
        return new StagedTable(summary(graph, fresh), counts, quarantined);
    }

    @Override
    public synchronized StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files) {
        return appendFiles(graph, table, files, Optional.empty(), new Cancellation());
    }

    @Override
    public synchronized StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files,
                                                Optional<SchemaContract> contract, Cancellation cancellation) {
        cancellation.throwIfCancelled();
        Table existing = table(graph, table).orElseThrow(() -> new StagingException(ErrorCode.TABLE_NOT_FOUND,
                "Table " + table + " does not exist in graph " + graph));
        List<SourceFile> ordered = lastOccurrences(files);
        List<RowsFile.Content> contents = ordered.stream().map(InMemoryStagingStore::read).toList();
        Table changed = existing.copy(); // all or nothing
        contract.ifPresent(c -> changed.contract = c);
        Map<String, Long> counts = new LinkedHashMap<>();
        long quarantined = stageInto(changed, ordered, contents, counts);
        graphs.get(graph).put(key(table), changed);
        return new StagedTable(summary(graph, changed), counts, quarantined);
    }

    @Override
    public synchronized TableSummary changeContract(GraphId graph, TableName table, SchemaContract contract) {
        Table t = table(graph, table).orElseThrow(() -> new StagingException(ErrorCode.TABLE_NOT_FOUND,
                "Table " + table + " does not exist in graph " + graph));
        t.contract = contract;
        return summary(graph, t);
    }

    @Override
    public synchronized QuarantinePage quarantine(GraphId graph, TableName table, long limit, long offset) {
        Table t = table(graph, table).orElseThrow(() -> new StagingException(ErrorCode.TABLE_NOT_FOUND,
                "Table " + table + " does not exist in graph " + graph));
        List<StagedFile> bySeq = new ArrayList<>(t.files.values());
        bySeq.sort(java.util.Comparator.comparingLong(StagedFile::seq));
        List<QuarantinedRow> all = new ArrayList<>();
        bySeq.forEach(f -> all.addAll(f.quarantined()));
        return new QuarantinePage(all.size(), all.stream().skip(offset).limit(limit).toList());
    }

    @Override
    public synchronized List<Column> readSchema(GraphId graph, SourceFile file) {
        return read(file).columns();
    }

    @Override
    public synchronized List<TableSummary> listTables(GraphId graph) {
        return graphs.getOrDefault(graph, Map.of()).values().stream().map(t -> summary(graph, t)).toList();
    }

    @Override
    public synchronized Optional<TableSchema> describeTable(GraphId graph, TableName table) {
        return table(graph, table).map(t -> new TableSchema(graph, TableName.of(t.name), t.kind, t.columns));
    }

    @Override
    public synchronized boolean dropTable(GraphId graph, TableName table) {
        Map<String, Table> tables = graphs.get(graph);
        return tables != null && tables.remove(key(table)) != null;
    }

    @Override
    public synchronized long deleteFileRows(GraphId graph, TableName table, FileId fileId) {
        Optional<Table> found = table(graph, table);
        if (found.isEmpty()) {
            return 0;
        }
        if (!found.get().hasFileId) {
            throw new StagingException(ErrorCode.NO_FILE_ID_COLUMN, "Table " + table + " of graph " + graph
                    + " has no file_id column");
        }
        StagedFile removed = found.get().files.remove(fileId.value());
        return removed == null ? 0 : removed.rows().size();
    }

    @Override
    public synchronized ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns,
                                                    Set<FileId> onlyFiles) {
        Table t = table(graph, table).orElseThrow(() -> new StagingException(ErrorCode.TABLE_NOT_FOUND,
                "Table " + table + " does not exist in graph " + graph));
        List<Integer> indexes = new ArrayList<>();
        List<Column> chosen = new ArrayList<>();
        for (String name : columns) {
            int index = indexOf(t.columns, name);
            if (index < 0 || name.equals(TableKind.FILE_ID)) {
                throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + table + " of graph " + graph
                        + " has no column '" + name + "' to export");
            }
            indexes.add(index);
            chosen.add(t.columns.get(index));
        }
        Set<String> keys = onlyFiles.stream().map(FileId::value).collect(java.util.stream.Collectors.toSet());
        List<List<Object>> rows = new ArrayList<>();
        for (Visible v : visible(t)) {
            if (keys.isEmpty() || keys.contains(v.fileKey)) {
                List<Object> row = new ArrayList<>();
                indexes.forEach(i -> row.add(v.row.get(i)));
                rows.add(row);
            }
        }
        try {
            Files.createDirectories(exportDir);
            Path file = exportDir.resolve(graph + "-" + table + "-" + UUID.randomUUID() + ".rows");
            RowsFile.write(file, chosen, rows);
            long count = rows.size();
            return new ParquetExport() {
                @Override
                public Path path() {
                    return file;
                }

                @Override
                public List<Column> columns() {
                    return chosen;
                }

                @Override
                public long rowCount() {
                    return count;
                }

                @Override
                public void close() {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot delete export " + file, e);
                    }
                }
            };
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot write export", e);
        }
    }

    // ---- StagingQueries

    @Override
    public void stream(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        if (chunkSize < 1) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "chunk size must be positive, was " + chunkSize);
        }
        Matcher m = SELECT_ALL.matcher(query.sql());
        if (!m.matches()) {
            throw new StagingException(FIRST_WORD_READS.matcher(query.sql()).lookingAt() ? ErrorCode.INVALID_SQL
                    : ErrorCode.QUERY_FORBIDDEN, "The in-memory store runs only SELECT * FROM <table> [WHERE <column> = ?]");
        }
        int expected = m.group(2) == null ? 0 : 1;
        if (query.parameters().size() != expected) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "The query has " + expected + " parameters but "
                    + query.parameters().size() + " values were given");
        }
        cancellation.throwIfCancelled();
        List<Column> columns;
        List<List<Object>> rows = new ArrayList<>();
        Cancellation removal;
        synchronized (this) {
            if (!graphs.containsKey(graph)) {
                throw new StagingException(ErrorCode.GRAPH_NOT_FOUND, "Graph " + graph + " has no staging database");
            }
            Table t = table(graph, TableName.of(m.group(1))).orElseThrow(() -> new StagingException(ErrorCode.INVALID_SQL,
                    "Table " + m.group(1) + " does not exist"));
            columns = t.columns;
            int where = m.group(2) == null ? -1 : indexOf(t.columns, m.group(2));
            if (m.group(2) != null && where < 0) {
                throw new StagingException(ErrorCode.INVALID_SQL, "Table " + m.group(1) + " has no column " + m.group(2));
            }
            visible(t).stream().filter(v -> where < 0 || Objects.equals(v.row.get(where), query.parameters().get(0)))
                    .forEach(v -> rows.add(v.row));
            removal = removals.computeIfAbsent(graph, g -> new Cancellation());
            active.merge(graph, 1, Integer::sum);
        }
        try {
            int index = 0;
            for (int from = 0; from < rows.size() || index == 0; from += chunkSize) {
                cancellation.throwIfCancelled();
                removal.throwIfCancelled();
                int to = Math.min(rows.size(), from + chunkSize);
                consumer.accept(new QueryChunk(columns, rows.subList(from, to), index++, to >= rows.size()));
                if (to >= rows.size()) {
                    break;
                }
            }
        } finally {
            synchronized (this) {
                active.merge(graph, -1, Integer::sum);
            }
        }
    }

    // ---- StagingMaintenance

    @Override
    public synchronized PoolStats stats() {
        Map<String, PoolStats.DatabasePool> pools = new HashMap<>();
        int inUse = 0;
        for (GraphId g : graphs.keySet()) {
            int n = active.getOrDefault(g, 0);
            inUse += n;
            pools.put(g.value(), new PoolStats.DatabasePool(n, n, 0, g.value()));
        }
        return new PoolStats(inUse, graphs.size(), pools, new PoolStats.Counters(0, 0, 0, 0, 0, 0),
                new PoolStats.Configuration(1, 30, "memory", 1, "0"));
    }

    @Override
    public synchronized boolean hasActiveConnections(GraphId graph) {
        return active.getOrDefault(graph, 0) > 0;
    }

    @Override
    public void closeDatabaseConnections(GraphId graph) {
        // Nothing is open in memory.
    }

    @Override
    public boolean forceDatabaseCleanup(GraphId graph) {
        Cancellation removal;
        boolean existed;
        synchronized (this) {
            existed = graphs.remove(graph) != null;
            removal = removals.remove(graph);
        }
        if (removal != null) {
            removal.cancel(ErrorCode.CANCELLED, "The staging database of graph " + graph + " was removed while the query ran");
        }
        return existed;
    }

    @Override
    public void checkHealth() {
        // Memory always answers.
    }

    @Override
    public String engineVersion() {
        return "in-memory";
    }

    // ---- semantics

    private record Visible(String fileKey, List<Object> row) {}

    private Optional<Table> table(GraphId graph, TableName table) {
        return Optional.ofNullable(graphs.getOrDefault(graph, Map.of()).get(key(table)));
    }

    private static String key(TableName table) {
        return table.value().toLowerCase(Locale.ROOT);
    }

    private static List<SourceFile> lastOccurrences(List<SourceFile> files) {
        LinkedHashMap<String, SourceFile> byKey = new LinkedHashMap<>();
        for (SourceFile f : files) {
            byKey.remove(f.provenanceKey());
            byKey.put(f.provenanceKey(), f);
        }
        return new ArrayList<>(byKey.values());
    }

    private static RowsFile.Content read(SourceFile file) {
        try {
            return RowsFile.read(file.localPath());
        } catch (IOException | RuntimeException e) {
            throw new StagingException(ErrorCode.UNREADABLE_FILE, "File " + file.uri() + " is not a readable rows file", e);
        }
    }

    private static Table shape(TableName table, SourceFile file, List<Column> source, boolean hasFileId,
                               Optional<String> location, SchemaContract contract) {
        TableShape shape = TableShape.fromSource(table, file, source, hasFileId);
        return new Table(table.value(), shape.kind(), hasFileId, shape.columns(), location, contract);
    }

    /**
     * Stages files into {@code t} (a fresh table or a copy), after evolving it for every file and
     * checking every one fits; fills {@code counts} and returns the rows quarantined.
     */
    private static long stageInto(Table t, List<SourceFile> files, List<RowsFile.Content> contents,
                                  Map<String, Long> counts) {
        TableShape evolved = t.shape();
        for (int i = 0; i < files.size(); i++) {
            evolved = SchemaDrift.evolve(TableName.of(t.name), evolved, files.get(i), contents.get(i).columns(),
                    t.contract);
        }
        t.reshape(evolved);
        List<Shaped> shaped = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            shaped.add(fit(t, files.get(i), contents.get(i)));
        }
        long quarantined = 0;
        for (int i = 0; i < files.size(); i++) {
            SourceFile f = files.get(i);
            t.files.remove(f.provenanceKey());
            t.files.put(f.provenanceKey(), new StagedFile(f.provenanceKey(), t.nextSeq++, shaped.get(i).rows(),
                    shaped.get(i).quarantined()));
            counts.put(f.provenanceKey(), (long) shaped.get(i).rows().size());
            quarantined += shaped.get(i).quarantined().size();
        }
        return quarantined;
    }

    private record Shaped(List<List<Object>> rows, List<QuarantinedRow> quarantined) {}

    private static List<String> keyColumns(Table t) {
        return TableShape.keyColumnsOf(t.kind);
    }

    private static Shaped fit(Table t, SourceFile file, RowsFile.Content content) {
        TableShape shape = t.shape();
        List<SchemaDrift.Feed> feeds = SchemaDrift.feeds(TableName.of(t.name), shape, file, content.columns(), t.contract);
        List<String> names = content.columns().stream().map(Column::name).toList();
        List<Integer> keyIndexes = keyColumns(t).stream().map(k -> indexOf(t.columns, k)).toList();
        String keyNames = String.join(", ", keyColumns(t).stream().map(shape::sourceNameOf).toList());
        List<List<Object>> rows = new ArrayList<>();
        List<QuarantinedRow> quarantined = new ArrayList<>();
        long nulls = 0;
        for (int r = 0; r < content.rows().size(); r++) {
            List<Object> source = content.rows().get(r);
            List<Object> row = new ArrayList<>();
            Optional<String> reason = Optional.empty();
            for (int c = 0; c < feeds.size(); c++) {
                SchemaDrift.Feed feed = feeds.get(c);
                Object value = feed.source().map(col -> source.get(names.indexOf(col.name()))).orElse(null);
                Optional<Object> cast = value == null ? Optional.empty() : tryCast(value, t.columns.get(c).type());
                if (value != null && cast.isEmpty() && reason.isEmpty()) {
                    reason = Optional.of("value '" + value + "' of column '" + feed.source().get().name()
                            + "' does not cast to " + t.columns.get(c).type());
                }
                row.add(cast.orElse(null));
            }
            if (t.hasFileId) {
                row.add(file.fileId().map(FileId::value).orElse(null));
            }
            if (keyIndexes.stream().anyMatch(i -> row.get(i) == null) && reason.isEmpty()) {
                nulls++;
                reason = Optional.of("NULL " + keyNames);
            }
            if (reason.isPresent() && t.contract.quarantines()) {
                quarantined.add(new QuarantinedRow(file.provenanceKey(), file.fileId().map(FileId::value), r,
                        reason.get(), json(content.columns(), source)));
            } else {
                rows.add(row);
            }
        }
        if (nulls > 0 && !t.contract.quarantines()) {
            throw TableShape.mismatch(file, nulls + " of its " + content.rows().size() + " rows have a NULL " + keyNames);
        }
        return new Shaped(rows, quarantined);
    }

    /** The value as the column's type (this store's four), or empty when it does not convert. */
    private static Optional<Object> tryCast(Object value, String type) {
        try {
            return Optional.of(switch (type) {
                case "BIGINT" -> value instanceof Long ? value : Long.parseLong(value.toString());
                case "DOUBLE" -> value instanceof Double ? value : Double.parseDouble(value.toString());
                case "BOOLEAN" -> value instanceof Boolean ? value : parseBoolean(value.toString());
                default -> value.toString();
            });
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not a value of that type: the caller quarantines or refuses the row
        }
    }

    private static boolean parseBoolean(String text) {
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("not a boolean: " + text);
    }

    /** The source row as a JSON object, as the DuckDB store's {@code to_json} writes it. */
    private static String json(List<Column> columns, List<Object> row) {
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Object v = row.get(i);
            String value = v == null ? "null" : v instanceof String str ? quote(str) : v.toString();
            fields.add(quote(columns.get(i).name()) + ":" + value);
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The deduplicated relation: per key, the row of the latest file, and within it the latest row. */
    private static List<Visible> visible(Table t) {
        List<Integer> keyIndexes = keyColumns(t).stream().map(k -> indexOf(t.columns, k)).toList();
        List<StagedFile> bySeq = new ArrayList<>(t.files.values());
        bySeq.sort(java.util.Comparator.comparingLong(StagedFile::seq));
        if (keyIndexes.isEmpty()) {
            List<Visible> all = new ArrayList<>();
            bySeq.forEach(f -> f.rows().forEach(r -> all.add(new Visible(f.key(), r))));
            return all;
        }
        LinkedHashMap<List<Object>, Visible> byKey = new LinkedHashMap<>();
        for (StagedFile f : bySeq) {
            for (List<Object> r : f.rows()) {
                byKey.put(keyIndexes.stream().map(r::get).toList(), new Visible(f.key(), r));
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private TableSummary summary(GraphId graph, Table t) {
        List<Visible> rows = visible(t);
        return new TableSummary(graph, TableName.of(t.name), t.kind, rows.size(), t.files.size(),
                8L * Math.max(1, rows.size()) * t.columns.size(), t.location, t.contract);
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
