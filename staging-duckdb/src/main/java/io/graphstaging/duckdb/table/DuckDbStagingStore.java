package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.sql.SqlText.literal;
import static io.graphstaging.duckdb.table.HiddenColumns.LIVE;
import static io.graphstaging.duckdb.table.HiddenColumns.ROW;
import static io.graphstaging.duckdb.table.HiddenColumns.SEQ;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableShape;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import io.graphstaging.duckdb.table.StagingCatalog.FileContent;
import io.graphstaging.duckdb.table.StagingCatalog.FileEntry;
import io.graphstaging.duckdb.table.StagingCatalog.TableEntry;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@link StagingStore} on DuckDB. Layout per table: a hidden table {@code _staging."<t>"} with
 * every staged row, its file's sequence number ({@code __gs_seq}, later files higher), its
 * ordinal in the file ({@code __gs_row}) and whether it is the visible one of its key
 * ({@code __gs_live}); and a view {@code main."<t>"} of the live rows. Appending a file inserts
 * its rows and clears {@code __gs_live} of older rows with the same keys, so the cost follows
 * the file (plus one probe of the key column), not a rebuild; deleting a file brings back the
 * best remaining row of each key it held. The catalog keeps the visible row count and the
 * files' sizes up to date, so summaries never scan the table. Every mutation is one transaction.
 * A create from exactly the files a table was built from, unchanged and with no append or
 * delete since, keeps the table and changes only its location (re-staging unchanged objects).
 */
public final class DuckDbStagingStore implements StagingStore {
    private final DuckDbConnectionPool pool;

    @Inject
    public DuckDbStagingStore(DuckDbConnectionPool pool) {
        this.pool = pool;
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    @Override
    public StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location) {
        List<SourceFile> ordered = lastOccurrences(files);
        if (ordered.isEmpty()) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Creating table " + table + " needs at least one file");
        }
        List<FileContent> contents = contentsOf(ordered);
        try (PooledConnection pooled = pool.acquire(graph)) {
            Connection c = pooled.connection();
            ensureCatalog(c);
            Optional<StagedTable> kept = keepIfUnchanged(c, graph, table, ordered, contents, location);
            if (kept.isPresent()) {
                return kept.get();
            }
            List<List<Column>> schemas = readSchemas(graph, c, ordered);
            boolean hasFileId = ordered.stream().anyMatch(f -> f.fileId().isPresent());
            HiddenColumns.refuseReserved(ordered.get(0), schemas.get(0));
            TableShape layout = TableShape.fromSource(table, ordered.get(0), schemas.get(0), hasFileId);
            List<List<Optional<String>>> mappings = new ArrayList<>();
            for (int i = 0; i < ordered.size(); i++) {
                mappings.add(layout.fit(table, ordered.get(i), schemas.get(i)));
            }
            return inTransaction(c, "creating table " + table + " of graph " + graph, ordered, tx -> {
                String raw = StagingCatalog.rawTable(table);
                try (Statement s = tx.createStatement()) {
                    s.execute("DROP VIEW IF EXISTS " + StagingCatalog.visibleTable(table));
                    s.execute("DROP TABLE IF EXISTS " + raw);
                    s.execute("CREATE TABLE " + raw + " AS " + withLive(layout, unionOf(layout, ordered, mappings, 0)));
                }
                Staged staged = checkAndCount(tx, table, layout, ordered, 0);
                createView(tx, table, layout);
                StagingCatalog.putTable(tx, table, layout.kind(), hasFileId, Optional.ofNullable(location), ordered.size(),
                        staged.liveRows());
                for (int i = 0; i < ordered.size(); i++) {
                    SourceFile f = ordered.get(i);
                    StagingCatalog.putFile(tx, table, new FileEntry(f.provenanceKey(), i, f.fileId().map(FileId::value),
                            staged.counts().get(f.provenanceKey()), contents.get(i).sizeBytes(),
                            Optional.of(contents.get(i))));
                }
                return new StagedTable(summary(tx, graph, StagingCatalog.table(tx, table).orElseThrow()), staged.counts());
            });
        }
    }

    @Override
    public StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files) {
        List<SourceFile> ordered = lastOccurrences(files);
        try (PooledConnection pooled = pool.acquireIfExists(graph).orElseThrow(() -> tableNotFound(graph, table))) {
            Connection c = pooled.connection();
            TableEntry entry = sql(graph, "reading the catalog", () -> StagingCatalog.table(c, table))
                    .orElseThrow(() -> tableNotFound(graph, table));
            if (ordered.isEmpty()) {
                return new StagedTable(sql(graph, "summarising", () -> summary(c, graph, entry)), Map.of());
            }
            TableShape layout = layoutOf(graph, c, table, entry);
            List<List<Column>> schemas = readSchemas(graph, c, ordered);
            List<List<Optional<String>>> mappings = new ArrayList<>();
            for (int i = 0; i < ordered.size(); i++) {
                mappings.add(layout.fit(table, ordered.get(i), schemas.get(i)));
            }
            List<FileContent> contents = contentsOf(ordered);
            ensureCatalog(c);
            return inTransaction(c, "appending to table " + table + " of graph " + graph, ordered, tx -> {
                TableEntry current = StagingCatalog.table(tx, table).orElseThrow(() -> tableNotFound(graph, table));
                Map<String, FileEntry> known = StagingCatalog.files(tx, table).stream()
                        .collect(Collectors.toMap(FileEntry::key, f -> f));
                List<Long> replaced = ordered.stream().map(f -> known.get(f.provenanceKey()))
                        .filter(java.util.Objects::nonNull).map(FileEntry::seq).toList();
                long live = current.liveRows();
                if (!replaced.isEmpty()) {
                    Removal removal = removeRows(tx, table, layout, replaced);
                    live += removal.revived() - removal.liveRemoved();
                }
                long first = current.nextSeq();
                String raw = StagingCatalog.rawTable(table);
                try (Statement s = tx.createStatement()) {
                    s.execute("INSERT INTO " + raw + " (" + columnList(layout) + ", " + SEQ + ", " + ROW + ", " + LIVE
                            + ") " + withLive(layout, unionOf(layout, ordered, mappings, first)));
                }
                Staged staged = checkAndCount(tx, table, layout, ordered, first);
                live += staged.liveRows();
                if (!layout.keyColumns().isEmpty()) {
                    live -= supersede(tx, table, layout, first);
                }
                for (int i = 0; i < ordered.size(); i++) {
                    SourceFile f = ordered.get(i);
                    StagingCatalog.putFile(tx, table, new FileEntry(f.provenanceKey(), first + i,
                            f.fileId().map(FileId::value), staged.counts().get(f.provenanceKey()),
                            contents.get(i).sizeBytes(), Optional.of(contents.get(i))));
                }
                StagingCatalog.setCounters(tx, table, first + ordered.size(), live);
                return new StagedTable(summary(tx, graph, StagingCatalog.table(tx, table).orElseThrow()), staged.counts());
            });
        }
    }

    @Override
    public List<Column> readSchema(GraphId graph, SourceFile file) {
        try (PooledConnection pooled = pool.acquire(graph)) {
            return readSchemas(graph, pooled.connection(), List.of(file)).get(0);
        }
    }

    @Override
    public List<TableSummary> listTables(GraphId graph) {
        Optional<PooledConnection> maybe = pool.acquireIfExists(graph);
        if (maybe.isEmpty()) {
            return List.of();
        }
        try (PooledConnection pooled = maybe.get()) {
            Connection c = pooled.connection();
            return sql(graph, "listing tables", () -> {
                List<TableSummary> summaries = new ArrayList<>();
                for (TableEntry entry : StagingCatalog.tables(c)) {
                    summaries.add(summary(c, graph, entry));
                }
                return summaries;
            });
        }
    }

    @Override
    public Optional<TableSchema> describeTable(GraphId graph, TableName table) {
        Optional<PooledConnection> maybe = pool.acquireIfExists(graph);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        try (PooledConnection pooled = maybe.get()) {
            Connection c = pooled.connection();
            return sql(graph, "describing table " + table, () -> {
                Optional<TableEntry> entry = StagingCatalog.table(c, table);
                if (entry.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new TableSchema(graph, TableName.of(entry.get().name()), entry.get().kind(),
                        visibleColumns(c, table)));
            });
        }
    }

    @Override
    public boolean dropTable(GraphId graph, TableName table) {
        Optional<PooledConnection> maybe = pool.acquireIfExists(graph);
        if (maybe.isEmpty()) {
            return false;
        }
        try (PooledConnection pooled = maybe.get()) {
            Connection c = pooled.connection();
            boolean exists = sql(graph, "reading the catalog", () -> StagingCatalog.table(c, table)).isPresent();
            if (!exists) {
                return false;
            }
            return inTransaction(c, "dropping table " + table + " of graph " + graph, List.of(), tx -> {
                try (Statement s = tx.createStatement()) {
                    s.execute("DROP VIEW IF EXISTS " + StagingCatalog.visibleTable(table));
                    s.execute("DROP TABLE IF EXISTS " + StagingCatalog.rawTable(table));
                }
                StagingCatalog.removeTable(tx, table);
                return true;
            });
        }
    }

    @Override
    public long deleteFileRows(GraphId graph, TableName table, FileId fileId) {
        Optional<PooledConnection> maybe = pool.acquireIfExists(graph);
        if (maybe.isEmpty()) {
            return 0;
        }
        try (PooledConnection pooled = maybe.get()) {
            Connection c = pooled.connection();
            Optional<TableEntry> entry = sql(graph, "reading the catalog", () -> StagingCatalog.table(c, table));
            if (entry.isEmpty()) {
                return 0;
            }
            if (!entry.get().hasFileId()) {
                throw new StagingException(ErrorCode.NO_FILE_ID_COLUMN,
                        "Table " + table + " of graph " + graph + " has no file_id column");
            }
            TableShape layout = layoutOf(graph, c, table, entry.get());
            ensureCatalog(c);
            return inTransaction(c, "deleting rows of file " + fileId + " from table " + table, List.of(), tx -> {
                Optional<FileEntry> file = StagingCatalog.files(tx, table).stream()
                        .filter(f -> f.key().equals(fileId.value())).findFirst();
                if (file.isEmpty()) {
                    return 0L;
                }
                TableEntry current = StagingCatalog.table(tx, table).orElseThrow();
                Removal removal = removeRows(tx, table, layout, List.of(file.get().seq()));
                StagingCatalog.removeFile(tx, table, file.get().key());
                StagingCatalog.setCounters(tx, table, current.nextSeq(),
                        current.liveRows() - removal.liveRemoved() + removal.revived());
                return removal.rows();
            });
        }
    }

    @Override
    public ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns, Set<FileId> onlyFiles) {
        try (PooledConnection pooled = pool.acquireIfExists(graph).orElseThrow(() -> tableNotFound(graph, table))) {
            Connection c = pooled.connection();
            TableEntry entry = sql(graph, "reading the catalog", () -> StagingCatalog.table(c, table))
                    .orElseThrow(() -> tableNotFound(graph, table));
            List<Column> visible = sql(graph, "describing table " + table, () -> visibleColumns(c, table));
            List<Column> chosen = new ArrayList<>();
            for (String name : columns) {
                Optional<Column> column = visible.stream()
                        .filter(v -> v.name().equals(name) && !v.name().equals(TableKind.FILE_ID)).findFirst();
                chosen.add(column.orElseThrow(() -> new StagingException(ErrorCode.SCHEMA_MISMATCH,
                        "Table " + table + " of graph " + graph + " has no column '" + name + "' to export")));
            }
            if (chosen.isEmpty()) {
                throw new StagingException(ErrorCode.INVALID_PARAMETER, "An export needs at least one column");
            }
            Path dir = pool.paths().exports(graph);
            Path target = dir.resolve(table.value() + "-" + UUID.randomUUID() + ".parquet");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot create the export directory of graph "
                        + graph + ": " + e.getMessage(), e);
            }
            long rows = sql(graph, "exporting table " + table, () -> {
                StringBuilder where = new StringBuilder(LIVE);
                if (!onlyFiles.isEmpty()) {
                    Set<String> keys = onlyFiles.stream().map(FileId::value).collect(Collectors.toSet());
                    List<String> seqs = StagingCatalog.files(c, table).stream().filter(f -> keys.contains(f.key()))
                            .map(f -> Long.toString(f.seq())).toList();
                    where.append(seqs.isEmpty() ? " AND false" : " AND " + SEQ + " IN (" + String.join(", ", seqs) + ")");
                }
                String select = chosen.stream().map(col -> identifier(col.name())).collect(Collectors.joining(", "));
                try (Statement s = c.createStatement()) {
                    return s.executeLargeUpdate("COPY (SELECT " + select + " FROM " + StagingCatalog.rawTable(table)
                            + " WHERE " + where + ") TO " + literal(target.toString()) + " (FORMAT parquet)");
                }
            });
            return new DuckDbParquetExport(target, chosen, rows);
        }
    }

    // --- building blocks -------------------------------------------------------------------

    /** A file listed twice counts once, at its last position (later wins). */
    private static List<SourceFile> lastOccurrences(List<SourceFile> files) {
        LinkedHashMap<String, SourceFile> byKey = new LinkedHashMap<>();
        for (SourceFile f : files) {
            byKey.remove(f.provenanceKey());
            byKey.put(f.provenanceKey(), f);
        }
        return new ArrayList<>(byKey.values());
    }

    private List<List<Column>> readSchemas(GraphId graph, Connection c, List<SourceFile> files) {
        Path spool = realPath(pool.paths().spool(graph));
        List<List<Column>> schemas = new ArrayList<>();
        for (SourceFile file : files) {
            Path local = realPath(file.localPath());
            if (spool == null || local == null || !local.startsWith(spool)) {
                // The sandbox lets this graph's engine read its spool only: a path elsewhere is a wiring bug.
                throw new StagingException(ErrorCode.INTERNAL, "Local copy of " + file.uri()
                        + " is not in graph " + graph + "'s spool directory");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM read_parquet(?) LIMIT 0")) {
                ps.setString(1, local.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    schemas.add(StagingCatalog.columnsOf(rs.getMetaData()));
                }
            } catch (SQLException e) {
                throw new StagingException(ErrorCode.UNREADABLE_FILE, "File " + file.uri() + " is not readable Parquet: "
                        + withUris(DuckDbErrors.firstLine(e), files), e);
            }
        }
        return schemas;
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }

    private static String unionOf(TableShape layout, List<SourceFile> files, List<List<Optional<String>>> mappings,
                                  long firstSeq) {
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            SourceFile file = files.get(i);
            List<String> exprs = new ArrayList<>();
            List<Column> data = layout.dataColumns();
            for (int j = 0; j < data.size(); j++) {
                Optional<String> source = mappings.get(i).get(j);
                exprs.add((source.isPresent() ? identifier(source.get()) : "NULL") + " AS " + identifier(data.get(j).name()));
            }
            if (layout.hasFileId()) {
                exprs.add(file.fileId().map(id -> literal(id.value())).orElse("CAST(NULL AS VARCHAR)") + " AS "
                        + identifier(TableKind.FILE_ID));
            }
            exprs.add("CAST(" + (firstSeq + i) + " AS BIGINT) AS " + SEQ);
            exprs.add("file_row_number AS " + ROW);
            selects.add("SELECT " + String.join(", ", exprs) + " FROM read_parquet("
                    + literal(realPath(file.localPath()).toString()) + ", file_row_number = true)");
        }
        return String.join(" UNION ALL ", selects);
    }

    /**
     * The staged rows with their {@code __gs_live} flag: of the rows sharing a key, the latest
     * (highest file sequence, then highest row) is visible. Found by an aggregate over the keys
     * that occur more than once, joined back: unlike a window over every row (the first
     * version), both spill to disk, so a table larger than {@code memory_limit} stages (a window
     * ran out of memory at 500MB with 10M rows, half of them duplicates; this passes).
     */
    private static String withLive(TableShape layout, String union) {
        if (layout.keyColumns().isEmpty()) {
            return "SELECT *, true AS " + LIVE + " FROM (" + union + ")";
        }
        String keys = keyList(layout);
        String on = layout.keyColumns().stream().map(k -> "s." + identifier(k) + " = b." + identifier(k))
                .collect(Collectors.joining(" AND "));
        return "SELECT s.*, b.__gs_best IS NULL OR " + position("s.") + " = b.__gs_best AS " + LIVE + " FROM (" + union
                + ") AS s LEFT JOIN (SELECT " + keys + ", max(" + position("") + ") AS __gs_best FROM (" + union
                + ") GROUP BY " + keys + " HAVING count(*) > 1) AS b ON " + on;
    }

    /** A row's place in staging order as one number: file sequence, then row (below 2^40 rows a file). */
    private static String position(String alias) {
        return "(" + alias + SEQ + " * 1099511627776 + " + alias + ROW + ")";
    }

    private static String keyList(TableShape layout) {
        return layout.keyColumns().stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
    }

    private static String columnList(TableShape layout) {
        return layout.columns().stream().map(col -> identifier(col.name())).collect(Collectors.joining(", "));
    }

    /** Rows read per file (by provenance key), and how many of them are visible. */
    private record Staged(Map<String, Long> counts, long liveRows) {}

    /** What removing files did: rows removed, visible ones among them, rows made visible again. */
    private record Removal(long rows, long liveRemoved, long revived) {}

    /**
     * Counts the rows of each file staged from {@code firstSeq} on, and refuses NULL keys
     * naming the file and the count of bad rows.
     */
    private static Staged checkAndCount(Connection c, TableName table, TableShape layout,
                                        List<SourceFile> files, long firstSeq) throws SQLException {
        String nullKey = layout.keyColumns().isEmpty() ? "false"
                : layout.keyColumns().stream().map(k -> identifier(k) + " IS NULL").collect(Collectors.joining(" OR "));
        Map<Long, long[]> bySeq = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + SEQ + ", count(*), count(*) FILTER (WHERE " + nullKey + "),"
                     + " count(*) FILTER (WHERE " + LIVE + ") FROM " + StagingCatalog.rawTable(table) + " WHERE " + SEQ
                     + " >= " + firstSeq + " GROUP BY " + SEQ)) {
            while (rs.next()) {
                bySeq.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        long live = 0;
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            long[] found = bySeq.getOrDefault(firstSeq + i, new long[] {0, 0, 0});
            if (found[1] > 0) {
                String keys = String.join(", ", layout.keyColumns().stream().map(layout::sourceNameOf).toList());
                throw TableShape.mismatch(files.get(i), found[1] + " of its " + found[0] + " rows have a NULL " + keys);
            }
            counts.put(files.get(i).provenanceKey(), found[0]);
            live += found[2];
        }
        return new Staged(counts, live);
    }

    private static void createView(Connection c, TableName table, TableShape layout) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE VIEW " + StagingCatalog.visibleTable(table) + " AS SELECT " + columnList(layout) + " FROM "
                    + StagingCatalog.rawTable(table) + " WHERE " + LIVE);
        }
    }

    /**
     * Older live rows whose keys appear among the rows staged from {@code firstSeq} on stop
     * being visible. Returns how many did.
     */
    private static long supersede(Connection c, TableName table, TableShape layout, long firstSeq) throws SQLException {
        String raw = StagingCatalog.rawTable(table);
        String join = layout.keyColumns().stream().map(k -> "r." + identifier(k) + " = n." + identifier(k))
                .collect(Collectors.joining(" AND "));
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate("UPDATE " + raw + " AS r SET " + LIVE + " = false FROM (SELECT DISTINCT " + keyList(layout)
                    + " FROM " + raw + " WHERE " + SEQ + " >= " + firstSeq + ") AS n WHERE r." + LIVE + " AND r." + SEQ
                    + " < " + firstSeq + " AND " + join);
        }
    }

    /**
     * Removes the rows of the files with these sequence numbers; for each key one of them held
     * visibly, the best remaining row (latest file, latest row) becomes visible.
     */
    private static Removal removeRows(Connection c, TableName table, TableShape layout, List<Long> seqs) throws SQLException {
        String raw = StagingCatalog.rawTable(table);
        String in = seqs.stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (layout.keyColumns().isEmpty()) {
            try (Statement s = c.createStatement()) {
                long rows = s.executeLargeUpdate("DELETE FROM " + raw + " WHERE " + SEQ + " IN (" + in + ")");
                return new Removal(rows, rows, 0);
            }
        }
        String keys = keyList(layout);
        String affected = identifier("__gs_affected_" + UUID.randomUUID().toString().replace("-", ""));
        try (Statement s = c.createStatement()) {
            // One live row per key: the distinct keys of the removed live rows count them.
            s.execute("CREATE TEMP TABLE " + affected + " AS SELECT DISTINCT " + keys + " FROM " + raw + " WHERE " + SEQ
                    + " IN (" + in + ") AND " + LIVE);
            long liveRemoved;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + affected)) {
                rs.next();
                liveRemoved = rs.getLong(1);
            }
            long removed = s.executeLargeUpdate("DELETE FROM " + raw + " WHERE " + SEQ + " IN (" + in + ")");
            long revived = s.executeLargeUpdate("UPDATE " + raw + " AS r SET " + LIVE + " = true FROM (SELECT " + SEQ + " AS s, " + ROW
                    + " AS w FROM " + raw + " SEMI JOIN " + affected + " USING (" + keys + ") QUALIFY row_number() OVER"
                    + " (PARTITION BY " + keys + " ORDER BY " + SEQ + " DESC, " + ROW + " DESC) = 1) AS best WHERE r."
                    + SEQ + " = best.s AND r." + ROW + " = best.w");
            s.execute("DROP TABLE " + affected);
            return new Removal(removed, liveRemoved, revived);
        }
    }

    private TableShape layoutOf(GraphId graph, Connection c, TableName table, TableEntry entry) {
        List<Column> visible = sql(graph, "describing table " + table, () -> visibleColumns(c, table));
        return new TableShape(entry.kind(), visible, entry.hasFileId());
    }

    private static List<Column> visibleColumns(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + StagingCatalog.visibleTable(table) + " LIMIT 0")) {
            return StagingCatalog.columnsOf(rs.getMetaData());
        }
    }

    /** A table as readers see it, from the catalog alone: no scan of its rows. */
    private static TableSummary summary(Connection c, GraphId graph, TableEntry entry) throws SQLException {
        TableName table = TableName.of(entry.name());
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(size_bytes), 0) FROM "
                + StagingCatalog.SCHEMA + ".files WHERE lower(table_name) = lower(?)")) {
            ps.setString(1, table.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new TableSummary(graph, table, entry.kind(), entry.liveRows(), rs.getLong(1), rs.getLong(2),
                        entry.location());
            }
        }
    }

    /**
     * Keeps the table when a create asks for exactly what built it: the same files (keys, file
     * ids, order) with the same content (real path, size, modification time; a spool path names
     * the object's ETag), and no append or delete since. Only its location changes; the result
     * is the one a rebuild would give. Empty when the table must be rebuilt.
     */
    private Optional<StagedTable> keepIfUnchanged(Connection c, GraphId graph, TableName table, List<SourceFile> files,
                                                  List<FileContent> contents, String location) {
        return inTransaction(c, "checking table " + table + " of graph " + graph, files, tx -> {
            Optional<TableEntry> entry = StagingCatalog.table(tx, table);
            if (entry.isEmpty() || !StagingCatalog.asCreated(tx, table)) {
                return Optional.empty();
            }
            List<FileEntry> staged = StagingCatalog.files(tx, table);
            if (staged.size() != files.size()) {
                return Optional.empty();
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < files.size(); i++) {
                SourceFile f = files.get(i);
                FileEntry e = staged.get(i);
                boolean same = e.seq() == i && e.key().equals(f.provenanceKey())
                        && e.fileId().equals(f.fileId().map(FileId::value))
                        && e.content().equals(Optional.of(contents.get(i)));
                if (!same) {
                    return Optional.empty();
                }
                counts.put(e.key(), e.rowCount());
            }
            StagingCatalog.setLocation(tx, table, Optional.ofNullable(location));
            return Optional.of(new StagedTable(summary(tx, graph, StagingCatalog.table(tx, table).orElseThrow()), counts));
        });
    }

    private static List<FileContent> contentsOf(List<SourceFile> files) {
        List<FileContent> contents = new ArrayList<>();
        for (SourceFile f : files) {
            try {
                Path real = f.localPath().toRealPath();
                contents.add(new FileContent(real.toString(), Files.size(real), Files.getLastModifiedTime(real).toMillis()));
            } catch (IOException e) {
                throw new StagingException(ErrorCode.UNREADABLE_FILE, "File " + f.uri() + " cannot be read: "
                        + e.getClass().getSimpleName(), e);
            }
        }
        return contents;
    }

    private void ensureCatalog(Connection c) {
        // Serialised: two first tables of a graph must not race creating the same schema.
        synchronized (this) {
            try {
                StagingCatalog.ensure(c);
            } catch (SQLException e) {
                throw DuckDbErrors.internal("creating the staging catalog", e);
            }
        }
    }

    private <T> T inTransaction(Connection c, String doing, List<SourceFile> files, SqlWork<T> work) {
        try {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(doing, files, e);
        }
    }

    /** Errors of staging SQL: bad data is the caller's, anything else is ours. */
    private static StagingException translate(String doing, List<SourceFile> files, SQLException e) {
        String cls = DuckDbErrors.errorClass(e).toLowerCase(Locale.ROOT);
        String message = withUris(DuckDbErrors.firstLine(e), files);
        if (cls.equals("conversion") || cls.equals("mismatch type")) {
            return new StagingException(ErrorCode.SCHEMA_MISMATCH, "A file does not fit while " + doing + ": " + message, e);
        }
        if ((cls.equals("invalid input") || cls.equals("io")) && !files.isEmpty()) {
            return new StagingException(ErrorCode.UNREADABLE_FILE, "A file could not be read while " + doing + ": "
                    + message, e);
        }
        return new StagingException(ErrorCode.STAGING_FAILED, "DuckDB failed while " + doing + ": " + message, e);
    }

    /** Replaces local spool paths in an engine message by the object URIs they were fetched from. */
    private static String withUris(String message, List<SourceFile> files) {
        String result = message;
        for (SourceFile f : files) {
            Path real = realPath(f.localPath());
            if (real != null) {
                result = result.replace(real.toString(), f.uri().toString());
            }
            result = result.replace(f.localPath().toString(), f.uri().toString());
        }
        return result;
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T sql(GraphId graph, String doing, SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw DuckDbErrors.internal(doing + " in graph " + graph, e);
        }
    }

    private static StagingException tableNotFound(GraphId graph, TableName table) {
        return new StagingException(ErrorCode.TABLE_NOT_FOUND, "Table " + table + " does not exist in graph " + graph);
    }
}
