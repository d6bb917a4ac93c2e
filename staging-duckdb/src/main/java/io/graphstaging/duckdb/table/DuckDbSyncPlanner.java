package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.sql.SqlText.literal;
import static io.graphstaging.duckdb.table.HiddenColumns.LIVE;
import static io.graphstaging.duckdb.table.HiddenColumns.SEQ;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphColumnTransfer;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.StagedType;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.Reject;
import io.graphstaging.core.sync.RejectPage;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncCounts;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.SyncPlan;
import io.graphstaging.core.sync.SyncRequest;
import io.graphstaging.core.sync.SyncedNodeTable;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.table.StagingCatalog.FileEntry;
import io.graphstaging.duckdb.table.StagingCatalog.TableEntry;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link SyncPlanner} on DuckDB: the comparison of staged rows with the graph's runs here, where
 * the staged rows are, over the hidden per-file table ({@code __gs_live} rows), the change log
 * ({@link ChangeLog}) and the Parquet files the graph wrote. Each plan works in temporary tables
 * of its pooled connection, dropped when it ends. A sync from a position the graph table held
 * exactly ({@link SyncRequest#graphAt()}) compares with the change log's before images instead of
 * rows the graph wrote: no graph export.
 *
 * <p>A row is rejected when it is new to the graph and an endpoint it needs is not there (named
 * in the reason), or when a value check ({@link #valueChecks}) fails. Values are compared
 * NULL-safely after casting the graph's values to the staged types.
 */
public final class DuckDbSyncPlanner implements SyncPlanner {
    private static final String SCOPE = "__gs_sync_scope";
    private static final String SCOPE_VIEW = "__gs_sync_scope_view";
    private static final String GRAPH = "__gs_sync_graph";
    private static final String ROWS = "__gs_sync_rows";
    private static final String FIRST = "__gs_sync_first";
    private static final String FID = "__gs_fid";
    private static final String REJECT = "__gs_reject";
    private static final String NO_REJECT = "NULL::VARCHAR";

    private final DuckDbConnectionPool pool;
    private final ParquetExporter files;

    @Inject
    public DuckDbSyncPlanner(DuckDbConnectionPool pool) {
        this.pool = pool;
        this.files = new ParquetExporter(pool.paths());
    }

    @Override
    public StagingPosition position(GraphId graph, TableName table) {
        return read(graph, table, "reading the position of", (c, entry) -> new StagingPosition(entry.generation(),
                entry.version()));
    }

    @Override
    public Set<FileId> unknownFileIds(GraphId graph, TableName table, Set<FileId> fileIds) {
        if (fileIds.isEmpty()) {
            return Set.of();
        }
        return read(graph, table, "reading the files of", (c, entry) -> {
            Set<String> known = StagingCatalog.files(c, table).stream().map(FileEntry::key).collect(Collectors.toSet());
            return fileIds.stream().filter(f -> !known.contains(f.value())).collect(Collectors.toCollection(LinkedHashSet::new));
        });
    }

    @Override
    public Path workFile(GraphId graph, TableName table) {
        return files.newFile(graph, table);
    }

    @Override
    public Optional<ParquetFile> changedKeys(GraphId graph, TableName table, StagingPosition since) {
        return read(graph, table, "reading the changes of", (c, entry) -> {
            if (entry.generation() != since.generation() || since.version() > entry.version()
                    || !ChangeLog.reachesBack(c, table, since.version())) {
                return Optional.empty();
            }
            List<Column> keys = keyColumns(c, table, entry);
            Path target = files.newFile(graph, table);
            long rows = ChangeLog.exportSince(c, table, keys.stream().map(Column::name).toList(), since.version(), target);
            return Optional.of(new ParquetFile(target, rows, keys));
        });
    }

    @Override
    public boolean keepsRowsSince(GraphId graph, TableName table, StagingPosition since) {
        return read(graph, table, "reading the changes of", (c, entry) -> entry.generation() == since.generation()
                && since.version() <= entry.version() && ChangeLog.keepsRowsSince(c, table, since.version()));
    }

    @Override
    public EndpointKeys newEndpointsSince(GraphId graph, TableName table, Set<FileId> fileIds, StagingPosition since) {
        return read(graph, table, "reading the endpoints of", (c, entry) -> {
            List<String> keys = keyColumns(c, table, entry).stream().map(Column::name).toList();
            String keyList = keys.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
            String absent = "SELECT " + keyList + " FROM (" + ChangeLog.firstEntriesSince(c, table, keys, since.version())
                    + ") WHERE NOT " + ChangeLog.HAD;
            boolean any;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + absent + ")")) {
                rs.next();
                any = rs.getLong(1) > 0;
            }
            // No key without a row at the position: nothing is new to the graph, the staged rows stay unread.
            // A key with no row then has none staged before it either: its rows are among those staged since.
            String scope = any ? scopeSql(c, table, entry, fileIds, Optional.of("(" + absent + ")"), "") + " AND r." + SEQ
                    + " >= " + StagingCatalog.firstSeqAddedAfter(c, table, since.version()).orElse(entry.nextSeq())
                    : "SELECT * FROM " + StagingCatalog.visibleTable(table) + " WHERE false";
            return endpoints(c, graph, table, scope);
        });
    }

    @Override
    public Optional<EndpointKeys> presentInStaging(GraphId graph, TableName table, EndpointKeys candidates,
                                                   SyncedNodeTable from, SyncedNodeTable to) {
        return read(graph, table, "reading the endpoints of", (c, entry) -> {
            Optional<String> fromKey = nodeKey(c, from, candidates.from());
            Optional<String> toKey = nodeKey(c, to, candidates.to());
            if (fromKey.isEmpty() || toKey.isEmpty()) {
                return Optional.<EndpointKeys>empty();
            }
            ParquetFile sources = presentKeys(c, graph, table, candidates.from(), from.table(), fromKey.get());
            try {
                return Optional.of(new EndpointKeys(sources, presentKeys(c, graph, table, candidates.to(), to.table(),
                        toKey.get())));
            } catch (SQLException | RuntimeException e) {
                sources.close();
                throw e;
            }
        });
    }

    /**
     * The key column of {@code node}'s staging table while its visible rows are those its graph
     * table holds (a node table still at the position given, read in this transaction) and its
     * key compares with {@code candidates}' as the graph's would (the same type); else empty.
     */
    private static Optional<String> nodeKey(Connection c, SyncedNodeTable node, ParquetFile candidates)
            throws SQLException {
        Optional<TableEntry> entry = StagingCatalog.table(c, node.table());
        if (entry.isEmpty() || entry.get().kind() != TableKind.NODE
                || !new StagingPosition(entry.get().generation(), entry.get().version()).equals(node.position())) {
            return Optional.empty();
        }
        Column key = keyColumns(c, node.table(), entry.get()).get(0);
        return key.type().equals(candidates.columns().get(0).type()) ? Optional.of(key.name()) : Optional.empty();
    }

    /** The keys of {@code candidates} (column {@code key}) that a visible row of {@code node} has. */
    private ParquetFile presentKeys(Connection c, GraphId graph, TableName table, ParquetFile candidates, TableName node,
                                    String key) throws SQLException {
        Path target = files.newFile(graph, table);
        // An inner join (keys and candidates are distinct): DuckDB builds on the smaller side, the
        // candidates, where a semi join may build on the node table.
        long rows = copy(c, "SELECT n." + identifier(key) + " AS key FROM " + StagingCatalog.visibleTable(node)
                + " AS n JOIN " + parquet(candidates) + " AS k ON n." + identifier(key) + " = k.key", target);
        return new ParquetFile(target, rows, candidates.columns());
    }

    @Override
    public long pruneChanges(GraphId graph, TableName table, StagingPosition through) {
        try (PooledConnection pooled = acquire(graph, table)) {
            return Transactions.write(pooled, "pruning the change log of table " + table + " of graph " + graph, List.of(),
                    tx -> {
                        Optional<TableEntry> entry = StagingCatalog.table(tx, table);
                        if (entry.isEmpty() || entry.get().generation() != through.generation()) {
                            return 0L; // another generation started its own log
                        }
                        return ChangeLog.pruneThrough(tx, table, through.version());
                    });
        }
    }

    @Override
    public EndpointKeys endpointValues(GraphId graph, TableName table, Set<FileId> fileIds, Optional<ParquetFile> keys) {
        return read(graph, table, "reading the endpoints of", (c, entry) -> {
            String scope = scopeSql(c, table, entry, fileIds, keys.map(DuckDbSyncPlanner::parquet), "");
            return endpoints(c, graph, table, scope);
        });
    }

    /** The distinct source and destination keys of {@code scope}'s rows. */
    private EndpointKeys endpoints(Connection c, GraphId graph, TableName table, String scope) throws SQLException {
        ParquetFile from = distinct(c, graph, table, scope, TableKind.SRC);
        try {
            return new EndpointKeys(from, distinct(c, graph, table, scope, TableKind.DST));
        } catch (SQLException | RuntimeException e) {
            from.close();
            throw e;
        }
    }

    private ParquetFile distinct(Connection c, GraphId graph, TableName table, String scope, String column)
            throws SQLException {
        Path target = files.newFile(graph, table);
        long rows = copy(c, "SELECT DISTINCT " + identifier(column) + " AS key FROM (" + scope + ")", target);
        Column type = StagingCatalog.visibleColumns(c, table).stream().filter(col -> col.name().equals(column))
                .findFirst().orElseThrow();
        return new ParquetFile(target, rows, List.of(new Column("key", type.type())));
    }

    @Override
    public SyncPlan plan(SyncRequest request) {
        GraphId graph = request.graph();
        TableName table = request.table();
        return read(graph, table, "planning the sync of", (c, entry) -> {
            try {
                return plan(c, entry, request);
            } finally {
                try (Statement s = c.createStatement()) {
                    for (String temp : List.of(ROWS, GRAPH, SCOPE, FIRST)) {
                        s.execute("DROP TABLE IF EXISTS " + temp);
                    }
                    s.execute("DROP VIEW IF EXISTS " + SCOPE_VIEW);
                }
            }
        });
    }

    private SyncPlan plan(Connection c, TableEntry entry, SyncRequest request) throws SQLException {
        if (request.mode() == SyncMode.REBUILD && request.graphRows().isEmpty()) {
            return planRebuild(c, entry, request);
        }
        GraphTarget target = request.target();
        TableName table = request.table();
        List<String> keys = target.keyColumns();
        String keyList = keys.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
        // The keys that can differ from the graph and the graph's rows of them: given (the keys
        // changed since the record, the rows the graph exported), or from the change log when the
        // graph held exactly the staged rows at graphAt: each changed key's first entry since
        // then holds its row as of then.
        Optional<String> changed = request.changedKeys().map(DuckDbSyncPlanner::parquet);
        Optional<String> graphRows = request.graphRows().map(DuckDbSyncPlanner::parquet);
        Set<String> imaged = Set.of();
        if (request.graphAt().isPresent()) {
            execute(c, "CREATE OR REPLACE TEMP TABLE " + FIRST + " AS " + ChangeLog.firstEntriesSince(c, table, keys,
                    request.graphAt().get().version()));
            changed = Optional.of(FIRST);
            graphRows = Optional.of("(SELECT * FROM " + FIRST + " WHERE " + ChangeLog.HAD + ")");
            imaged = ChangeLog.imageColumns(c, table).keySet();
        }
        // With no graph rows to compare, the scope is read once (into ROWS): a view saves a copy
        // of every staged row; otherwise the removals read it a second time.
        String scope = graphRows.isEmpty() ? SCOPE_VIEW : SCOPE;
        String fid = ", " + (entry.hasFileId() ? identifier(TableKind.FILE_ID) : "NULL::VARCHAR") + " AS " + FID;
        if (request.graphAt().isPresent()) {
            scopeOfLoggedKeys(c, table, entry, request.fileIds(), keyList, request.graphAt().get(), fid);
        } else {
            execute(c, "CREATE OR REPLACE TEMP " + (graphRows.isEmpty() ? "VIEW " : "TABLE ") + scope + " AS "
                    + scopeSql(c, table, entry, request.fileIds(), changed, fid));
        }
        StringBuilder graphSelect = new StringBuilder();
        for (Column column : target.columns()) {
            // A column the log lacks (none once it follows the table's shape) reads NULL, as for rows staged before it.
            boolean absent = request.graphAt().isPresent() && !imaged.contains(column.name());
            graphSelect.append(graphSelect.isEmpty() ? "" : ", ").append("CAST(")
                    .append(absent ? "NULL" : identifier(column.name())).append(" AS ").append(column.type())
                    .append(") AS ").append(identifier(column.name()));
        }
        execute(c, "CREATE OR REPLACE TEMP TABLE " + GRAPH + " AS SELECT " + graphSelect + " FROM "
                + graphRows.orElse("(SELECT * FROM " + scope + " WHERE false)"));
        String on = keys.stream().map(k -> "s." + identifier(k) + " = g." + identifier(k)).collect(Collectors.joining(" AND "));
        String differs = target.properties().isEmpty() ? "false" : target.properties().stream()
                .map(p -> "s." + identifier(p.name()) + " IS DISTINCT FROM g." + identifier(p.name()))
                .collect(Collectors.joining(" OR "));
        execute(c, "CREATE OR REPLACE TEMP TABLE " + ROWS + " AS SELECT s.*, g.__gs_present IS NOT NULL AS __gs_in_graph,"
                + " coalesce(g.__gs_present IS NOT NULL AND (" + differs + "), false) AS __gs_differs, "
                + rejectReason(request, "g.__gs_present IS NULL AND ") + " AS " + REJECT + " FROM " + scope + " AS s LEFT JOIN (SELECT *, true AS"
                + " __gs_present FROM " + GRAPH + ") AS g ON " + on);

        SyncMode mode = request.mode();
        long[] found = new long[5];
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*),"
                + " count(*) FILTER (WHERE " + REJECT + " IS NOT NULL),"
                + " count(*) FILTER (WHERE " + REJECT + " IS NULL AND NOT __gs_in_graph),"
                // A row the graph holds is rejected too when its staged value cannot go in (valueChecks).
                + " count(*) FILTER (WHERE " + REJECT + " IS NULL AND __gs_in_graph AND __gs_differs),"
                + " count(*) FILTER (WHERE " + REJECT + " IS NULL AND __gs_in_graph AND NOT __gs_differs) FROM " + ROWS)) {
            rs.next();
            for (int i = 0; i < found.length; i++) {
                found[i] = rs.getLong(i + 1);
            }
        }
        // Rows outside the changed keys are as the graph holds them (the sync record says so).
        long outside = changed.isEmpty() ? 0 : stagedRows(c, table, entry, request.fileIds()) - found[0];
        long inGraphSame = found[4] + (mode == SyncMode.APPEND ? 0 : outside);
        long updated = mode == SyncMode.SYNC ? found[3] : 0;
        long unchanged = mode == SyncMode.SYNC ? inGraphSame : 0;
        long skipped = mode == SyncMode.APPEND ? found[3] + found[4] + outside : 0;
        if (mode == SyncMode.REBUILD) {
            unchanged = inGraphSame + found[3]; // the graph is emptied: nothing is compared with it
        }
        GraphId graph = request.graph();
        String columns = target.columns().stream().map(ParquetExporter::graphColumn).collect(Collectors.joining(", "));
        List<ParquetFile> written = new ArrayList<>();
        try {
            ParquetFile inserts = written(written, c, graph, table, "SELECT " + columns + " FROM " + ROWS + " WHERE "
                    + REJECT + " IS NULL AND NOT __gs_in_graph", target.columns());
            ParquetFile updates = written(written, c, graph, table, "SELECT " + columns + " FROM " + ROWS + " WHERE "
                    + (mode == SyncMode.SYNC ? REJECT + " IS NULL AND __gs_in_graph AND __gs_differs" : "false"), target.columns());
            boolean removes = mode == SyncMode.SYNC && request.fileIds().isEmpty();
            List<Column> keyColumns = target.columns().stream().filter(k -> keys.contains(k.name())).toList();
            ParquetFile removals = written(written, c, graph, table, "SELECT " + keyList + " FROM " + GRAPH
                    + (removes ? " ANTI JOIN " + scope + " USING (" + keyList + ")" : " WHERE false"), keyColumns);
            List<Column> rejectColumns = new ArrayList<>(keyColumns);
            rejectColumns.add(new Column(TableKind.FILE_ID, "VARCHAR"));
            rejectColumns.add(new Column("reason", "VARCHAR"));
            ParquetFile rejects = written(written, c, graph, table, "SELECT " + keyList + ", " + FID + " AS file_id, "
                    + REJECT + " AS reason FROM " + ROWS + " WHERE " + REJECT + " IS NOT NULL ORDER BY " + keyList,
                    rejectColumns);
            List<Reject> first = rejectsOf(c, "SELECT * FROM read_parquet(" + literal(rejects.path().toString())
                    + ") ORDER BY " + keyList + " LIMIT " + SyncPlan.LISTED_REJECTS, keys);
            return new SyncPlan(inserts, updates, removals, rejects, new SyncCounts(found[0] + outside,
                    found[2], updated, unchanged, skipped, found[1], removals.rowCount()), first,
                    filesInGraph(c, table, entry, request.fileIds(), "SELECT " + FID + " FROM " + ROWS + " GROUP BY " + FID
                            + " HAVING bool_and(" + REJECT + " IS NOT NULL)"));
        } catch (SQLException | RuntimeException e) {
            written.forEach(ParquetFile::close);
            throw e;
        }
    }

    /**
     * {@link #SCOPE}: the visible rows in scope of the keys changed since {@code since}
     * ({@link #FIRST}), read where they can be. A key changed since has its visible row among the
     * rows staged after {@code since} (files added since come after every earlier one) unless a
     * removal since brought an older row back or left it none: only the keys not found among the
     * newer rows are looked for among the older ones, so a sync after appends alone reads the rows
     * appended since, not the whole table (the engine skips row groups by their file sequence).
     */
    private static void scopeOfLoggedKeys(Connection c, TableName table, TableEntry entry, Set<FileId> fileIds,
                                          String keyList, StagingPosition since, String fid) throws SQLException {
        long newer = StagingCatalog.firstSeqAddedAfter(c, table, since.version()).orElse(entry.nextSeq());
        execute(c, "CREATE OR REPLACE TEMP TABLE " + SCOPE + " AS " + scopeSql(c, table, entry, fileIds, Optional.of(FIRST),
                fid) + " AND r." + SEQ + " >= " + newer);
        String rest = "(SELECT " + keyList + " FROM " + FIRST + " ANTI JOIN " + SCOPE + " USING (" + keyList + "))";
        boolean older;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + rest)) {
            rs.next();
            older = rs.getLong(1) > 0;
        }
        if (older) {
            execute(c, "INSERT INTO " + SCOPE + " " + scopeSql(c, table, entry, fileIds, Optional.of(rest), fid) + " AND r."
                    + SEQ + " < " + newer);
        }
    }

    /**
     * A rebuild compares nothing (the graph table is replaced): the rows in scope that are not
     * rejected go straight from the staged table to the inserts file, in one pass. Against the
     * catalog's count of the rows in scope, the rejects are looked for in a second pass only
     * when rows were left out, and never when no check applies (a node table).
     */
    private SyncPlan planRebuild(Connection c, TableEntry entry, SyncRequest request) throws SQLException {
        GraphTarget target = request.target();
        TableName table = request.table();
        GraphId graph = request.graph();
        List<String> keys = target.keyColumns();
        String keyList = keys.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
        String reason = rejectReason(request, "");
        String scope = "(" + scopeSql(c, table, entry, request.fileIds(), Optional.empty(), ", " + (entry.hasFileId()
                ? identifier(TableKind.FILE_ID) : "NULL::VARCHAR") + " AS " + FID) + ") AS s";
        boolean checked = !reason.equals(NO_REJECT);
        String columns = target.columns().stream().map(ParquetExporter::graphColumn).collect(Collectors.joining(", "));
        List<Column> keyColumns = target.columns().stream().filter(k -> keys.contains(k.name())).toList();
        List<Column> rejectColumns = new ArrayList<>(keyColumns);
        rejectColumns.add(new Column(TableKind.FILE_ID, "VARCHAR"));
        rejectColumns.add(new Column("reason", "VARCHAR"));
        long staged = stagedRows(c, table, entry, request.fileIds());
        List<ParquetFile> written = new ArrayList<>();
        try {
            // Uncompressed: DuckDB writes it in half the time and the engine reads it as fast (read
            // once, deleted after the copy; the disk holds it a little larger meanwhile).
            Path insertsPath = files.newFile(graph, table);
            ParquetFile inserts = new ParquetFile(insertsPath, copy(c, request.presentEndpoints().isPresent()
                    ? withEndpoints(request, columns, scope)
                    : "SELECT " + columns + " FROM " + scope + (checked ? " WHERE (" + reason + ") IS NULL" : ""),
                    insertsPath, ", COMPRESSION uncompressed"), target.columns());
            written.add(inserts);
            boolean rejected = inserts.rowCount() < staged;
            ParquetFile rejects = written(written, c, graph, table, rejected
                    ? "SELECT " + keyList + ", " + FID + " AS file_id, " + REJECT + " AS reason FROM (SELECT s.*, " + reason
                            + " AS " + REJECT + " FROM " + scope + ") WHERE " + REJECT + " IS NOT NULL ORDER BY " + keyList
                    : "SELECT " + keyList + ", NULL::VARCHAR AS file_id, NULL::VARCHAR AS reason FROM " + scope + " WHERE false",
                    rejectColumns);
            ParquetFile updates = written(written, c, graph, table, "SELECT " + columns + " FROM " + scope + " WHERE false",
                    target.columns());
            ParquetFile removals = written(written, c, graph, table, "SELECT " + keyList + " FROM " + scope + " WHERE false",
                    keyColumns);
            List<Reject> first = rejected ? rejectsOf(c, "SELECT * FROM read_parquet(" + literal(rejects.path().toString())
                    + ") ORDER BY " + keyList + " LIMIT " + SyncPlan.LISTED_REJECTS, keys) : List.of();
            // Files whose rows in scope were all rejected (a file's live rows are all in scope or none).
            String allRejected = rejected ? "SELECT j.file_id FROM read_parquet(" + literal(rejects.path().toString())
                    + ") AS j GROUP BY j.file_id HAVING count(*) = (SELECT count(*) FROM " + RowSegments.rows(c, table)
                    + " AS r WHERE r." + LIVE + " AND r." + identifier(TableKind.FILE_ID) + " = j.file_id)"
                    : "SELECT NULL::VARCHAR WHERE false";
            return new SyncPlan(inserts, updates, removals, rejects, new SyncCounts(inserts.rowCount() + rejects.rowCount(),
                    inserts.rowCount(), 0, 0, 0, rejects.rowCount(), 0), first,
                    filesInGraph(c, table, entry, request.fileIds(), allRejected));
        } catch (SQLException | RuntimeException e) {
            written.forEach(ParquetFile::close);
            throw e;
        }
    }

    /**
     * A rebuild's rows in scope ({@code scope}, alias {@code s}) that {@link #rejectReason} lets
     * through, as {@code columns}. A row whose endpoints are both set needs each among the keys
     * present: two inner joins with those keys (each present once, {@link EndpointKeys}) cost
     * DuckDB about 0.6 of the time of the {@code NOT IN} mark joins of the reason (3M
     * relationships, 1M keys a side; a semi join is planned with the relationships as its build
     * side and costs more). The same rows: staging holds no relationship row with a
     * NULL endpoint ({@code TableShape} refuses the file), and the keys hold no NULL.
     */
    private static String withEndpoints(SyncRequest request, String columns, String scope) {
        EndpointKeys present = request.presentEndpoints().orElseThrow();
        String src = "s." + identifier(TableKind.SRC);
        String dst = "s." + identifier(TableKind.DST);
        String values = valueReason(request.target().columns());
        return "SELECT " + columns + " FROM " + scope + " JOIN (SELECT key AS __gs_from_key FROM " + parquet(present.from())
                + ") AS kf ON " + src + " = kf.__gs_from_key JOIN (SELECT key AS __gs_to_key FROM " + parquet(present.to())
                + ") AS kt ON " + dst + " = kt.__gs_to_key" + (values.equals(NO_REJECT) ? "" : " WHERE (" + values + ") IS NULL");
    }

    /** Why a staged value cannot go in ({@link #valueChecks}), or {@link #NO_REJECT}. */
    private static String valueReason(List<Column> columns) {
        return firstReason(valueChecks(columns));
    }

    /** The reason of the first of {@code cases} ({@code WHEN ... THEN ...} branches) that holds, or {@link #NO_REJECT}. */
    private static String firstReason(List<String> cases) {
        return cases.isEmpty() ? NO_REJECT : "CASE " + String.join(" ", cases) + " END";
    }

    /**
     * Why a row new to the graph cannot go in, or NULL ({@link #NO_REJECT} when nothing is
     * checked). Endpoints not in the graph first, then the value checks. {@code newToGraph}
     * (a condition and AND, or nothing) guards the endpoint checks: a row the graph holds keeps them.
     */
    private static String rejectReason(SyncRequest request, String newToGraph) {
        List<String> cases = new ArrayList<>();
        if (request.presentEndpoints().isPresent()) {
            EndpointKeys present = request.presentEndpoints().get();
            var endpoints = request.target().endpoints().orElseThrow();
            cases.add("WHEN " + newToGraph + "s." + identifier(TableKind.SRC) + " NOT IN (SELECT key FROM read_parquet("
                    + literal(present.from().path().toString()) + ")) THEN 'no node ' || CAST(s." + identifier(TableKind.SRC)
                    + " AS VARCHAR) || " + literal(" in " + endpoints.fromTable()));
            cases.add("WHEN " + newToGraph + "s." + identifier(TableKind.DST) + " NOT IN (SELECT key FROM read_parquet("
                    + literal(present.to().path().toString()) + ")) THEN 'no node ' || CAST(s." + identifier(TableKind.DST)
                    + " AS VARCHAR) || " + literal(" in " + endpoints.toTable()));
        }
        cases.addAll(valueChecks(request.target().columns()));
        return firstReason(cases);
    }

    /**
     * {@code WHEN <condition> THEN <reason>} branches for staged values the graph column cannot
     * hold (LadybugDB 0.14.3, as {@link GraphColumnTransfer} maps the column), each reason naming
     * the column and the value:
     * <ul>
     * <li>an INTERVAL with a negative month, day or microsecond part: the engine parses no
     *     negative number in an interval's text, and fails the whole copy even when ignoring
     *     errors;</li>
     * <li>an infinite TIMESTAMP_MS or TIMESTAMP_S (alone, or inside a LIST or STRUCT): the engine
     *     keeps it as a different finite time (1969-12-31 23:59:59.999 for infinity in
     *     milliseconds), without an error, so a sync would never find it equal.</li>
     * </ul>
     * Every other value of a type the sink maps reaches the graph exact (ParquetTypeFactsTest and
     * EngineRefusalsTest in staging-ladybug keep the facts).
     */
    static List<String> valueChecks(List<Column> columns) {
        List<String> checks = new ArrayList<>();
        for (Column column : columns) {
            GraphColumnTransfer transfer = GraphColumnTransfer.of(column);
            String value = "s." + identifier(column.name());
            if (transfer.carrier() == GraphColumnTransfer.Carrier.AS_INTERVAL_FIELDS) {
                String micros = "datepart('hour', " + value + ") * 3600000000 + datepart('minute', " + value
                        + ") * 60000000 + datepart('microsecond', " + value + ")";
                checks.add("WHEN datepart('year', " + value + ") * 12 + datepart('month', " + value + ") < 0 OR datepart('day', "
                        + value + ") < 0 OR " + micros + " < 0 THEN " + literal(column.name() + " ") + " || CAST(" + value
                        + " AS VARCHAR) || " + literal(" has a negative part, which the graph's INTERVAL cannot hold"));
            }
            infinite(value, StagedType.parse(column.type()), 0).ifPresent(condition -> checks.add("WHEN " + condition
                    + " THEN " + literal(column.name() + " holds an infinite timestamp, which the graph's "
                    + transfer.graphType() + " cannot hold")));
        }
        return checks;
    }

    /** A condition true when {@code value} is or holds an infinite TIMESTAMP_MS or TIMESTAMP_S; empty when its type has none. */
    private static Optional<String> infinite(String value, StagedType type, int depth) {
        if (type instanceof StagedType.Named named) {
            return switch (named.name()) {
                case "TIMESTAMP_MS", "TIMESTAMP_S" -> Optional.of("coalesce(isinf(" + value + "), false)");
                default -> Optional.empty();
            };
        }
        if (type instanceof StagedType.ListOf list) {
            String element = "__gs_e" + depth;
            return infinite(element, list.element(), depth + 1).map(inner -> "coalesce(list_bool_or(list_transform("
                    + value + ", lambda " + element + ": " + inner + ")), false)");
        }
        List<String> fields = new ArrayList<>();
        for (StagedType.Field field : ((StagedType.Struct) type).fields()) {
            infinite("struct_extract(" + value + ", " + literal(field.name()) + ")", field.type(), depth).ifPresent(fields::add);
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of("(" + String.join(" OR ", fields) + ")");
    }

    private ParquetFile written(List<ParquetFile> written, Connection c, GraphId graph, TableName table, String select,
                                List<Column> columns) throws SQLException {
        Path target = files.newFile(graph, table);
        ParquetFile file = new ParquetFile(target, copy(c, select, target), columns);
        written.add(file);
        return file;
    }

    /** Files with at least one visible row in scope that is not rejected ({@code allRejected}: the file ids of the others). */
    private static Set<FileId> filesInGraph(Connection c, TableName table, TableEntry entry, Set<FileId> fileIds,
                                            String allRejected) throws SQLException {
        Set<FileId> ids = new HashSet<>();
        if (!entry.hasFileId()) {
            return ids;
        }
        String fid = identifier(TableKind.FILE_ID);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT " + fid + " FROM "
                + RowSegments.rows(c, table) + " WHERE " + LIVE + seqFilter(c, table, fileIds) + " AND " + fid
                + " IS NOT NULL EXCEPT " + allRejected)) {
            while (rs.next()) {
                ids.add(FileId.of(rs.getString(1)));
            }
        }
        return ids;
    }

    @Override
    public void keepRejects(GraphId graph, TableName table, io.graphstaging.core.sync.SyncPlan plan) {
        try (PooledConnection pooled = acquire(graph, table)) {
            Transactions.write(pooled, "keeping the rejects of table " + table + " of graph " + graph, List.of(), tx -> {
                SyncRejects.replace(tx, table, plan.rejects().path());
                return null;
            });
        }
    }

    @Override
    public RejectPage rejects(GraphId graph, TableName table, long limit, long offset) {
        return read(graph, table, "reading the rejects of", (c, entry) -> {
            if (!SyncRejects.exists(c, table)) {
                return new RejectPage(0, List.of());
            }
            List<String> keys = keyColumns(c, table, entry).stream().map(Column::name).toList();
            long total;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SyncRejects.table(table))) {
                rs.next();
                total = rs.getLong(1);
            }
            String order = keys.stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
            return new RejectPage(total, rejectsOf(c, "SELECT * FROM " + SyncRejects.table(table) + " ORDER BY " + order
                    + " LIMIT " + limit + " OFFSET " + offset, keys));
        });
    }

    @Override
    public List<FileId> filesAddedSince(GraphId graph, TableName table, Optional<StagingPosition> since) {
        return read(graph, table, "reading the files of", (c, entry) -> {
            long after = since.filter(p -> p.generation() == entry.generation()).map(StagingPosition::version).orElse(-1L);
            return StagingCatalog.filesAddedAfter(c, table, after).stream().map(FileId::of).toList();
        });
    }

    // --- building blocks -------------------------------------------------------------------

    /**
     * The visible rows in scope with the extra columns {@code extra} (", expr AS name"): of
     * {@code fileIds} when not empty, of the keys of the relation {@code keys} when present.
     */
    private static String scopeSql(Connection c, TableName table, TableEntry entry, Set<FileId> fileIds,
                                   Optional<String> keys, String extra) throws SQLException {
        List<Column> visible = StagingCatalog.visibleColumns(c, table).stream()
                .filter(col -> !col.name().equals(TableKind.FILE_ID)).toList();
        String columns = visible.stream().map(col -> "r." + identifier(col.name())).collect(Collectors.joining(", "));
        String keyList = keyColumns(c, table, entry).stream().map(k -> identifier(k.name())).collect(Collectors.joining(", "));
        return "SELECT " + columns + extra.replace(identifier(TableKind.FILE_ID), "r." + identifier(TableKind.FILE_ID))
                + " FROM " + RowSegments.rows(c, table) + " AS r"
                + keys.map(k -> " SEMI JOIN " + k + " AS k USING (" + keyList + ")")
                .orElse("") + " WHERE r." + LIVE + seqFilter(c, table, fileIds).replace(SEQ, "r." + SEQ);
    }

    /** A Parquet file as a relation. */
    private static String parquet(ParquetFile file) {
        return "read_parquet(" + literal(file.path().toString()) + ")";
    }

    /** {@code AND __gs_seq IN (...)} for the files given, or nothing. */
    private static String seqFilter(Connection c, TableName table, Set<FileId> fileIds) throws SQLException {
        if (fileIds.isEmpty()) {
            return "";
        }
        Set<String> wanted = fileIds.stream().map(FileId::value).collect(Collectors.toSet());
        List<String> seqs = StagingCatalog.files(c, table).stream().filter(f -> wanted.contains(f.key()))
                .map(f -> Long.toString(f.seq())).toList();
        return seqs.isEmpty() ? " AND false" : " AND " + SEQ + " IN (" + String.join(", ", seqs) + ")";
    }

    private static long stagedRows(Connection c, TableName table, TableEntry entry, Set<FileId> fileIds)
            throws SQLException {
        if (fileIds.isEmpty()) {
            return entry.liveRows();
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM "
                + RowSegments.rows(c, table) + " WHERE " + LIVE + seqFilter(c, table, fileIds))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Column> keyColumns(Connection c, TableName table, TableEntry entry) throws SQLException {
        List<String> names = io.graphstaging.core.model.TableShape.keyColumnsOf(entry.kind());
        if (names.isEmpty()) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + table
                    + " is neither a node table (an 'identifier' column) nor a relationship table ('from' and 'to' columns)");
        }
        Map<String, Column> visible = new LinkedHashMap<>();
        StagingCatalog.visibleColumns(c, table).forEach(col -> visible.put(col.name(), col));
        return names.stream().map(visible::get).toList();
    }

    private static List<Reject> rejectsOf(Connection c, String select, List<String> keys) throws SQLException {
        List<Reject> rejects = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
            while (rs.next()) {
                Map<String, Object> key = new LinkedHashMap<>();
                for (String k : keys) {
                    key.put(k, rs.getObject(k));
                }
                String fileId = rs.getString(TableKind.FILE_ID);
                rejects.add(new Reject(key, Optional.ofNullable(fileId).map(FileId::of), rs.getString("reason")));
            }
        }
        return rejects;
    }

    private static long copy(Connection c, String select, Path target) throws SQLException {
        return copy(c, select, target, "");
    }

    /** @param options more Parquet options, e.g. {@code ", COMPRESSION uncompressed"} */
    private static long copy(Connection c, String select, Path target, String options) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeLargeUpdate("COPY (" + select + ") TO " + literal(target.toString()) + " (FORMAT parquet"
                    + options + ")");
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Work on the table's catalog entry. */
    @FunctionalInterface
    private interface EntryWork<T> {
        T run(Connection c, TableEntry entry) throws SQLException;
    }

    private <T> T read(GraphId graph, TableName table, String doing, EntryWork<T> work) {
        try (PooledConnection pooled = acquire(graph, table)) {
            return Transactions.read(pooled, doing + " table " + table + " of graph " + graph, c -> {
                TableEntry entry = StagingCatalog.table(c, table).orElseThrow(() -> tableNotFound(graph, table));
                return work.run(c, entry);
            });
        }
    }

    private PooledConnection acquire(GraphId graph, TableName table) {
        return pool.acquireIfExists(graph).orElseThrow(() -> tableNotFound(graph, table));
    }

    private static StagingException tableNotFound(GraphId graph, TableName table) {
        return new StagingException(ErrorCode.TABLE_NOT_FOUND, "Table " + table + " does not exist in graph " + graph);
    }
}
