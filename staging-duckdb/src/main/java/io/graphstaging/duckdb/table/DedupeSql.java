package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.table.HiddenColumns.LIVE;
import static io.graphstaging.duckdb.table.HiddenColumns.ROW;
import static io.graphstaging.duckdb.table.HiddenColumns.SEQ;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableShape;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The dedupe rule as SQL over a hidden per-file table: of the rows sharing a key, the latest
 * (highest file sequence, then highest row in its file) is the visible one. New rows are flagged
 * as they are staged, older rows they outdate are superseded, and removing a file's rows revives
 * the best remaining row of each key it held visibly. A table without a key keeps every row.
 */
final class DedupeSql {
    private DedupeSql() {}

    /** Rows read per file (by provenance key), and how many of them are visible. */
    record Staged(Map<String, Long> counts, long liveRows) {}

    /** What removing files did: rows removed, visible ones among them, rows made visible again. */
    record Removal(long rows, long liveRemoved, long revived) {}

    /**
     * The staged rows of {@code union} with their {@code __gs_live} flag. Found by an aggregate
     * over the keys that occur more than once, joined back: unlike a window over every row, both
     * spill to disk, so a table larger than {@code memory_limit} stages.
     */
    static String flagged(TableShape layout, String union) {
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

    /**
     * Counts the rows of each file staged from {@code firstSeq} on, and refuses NULL keys
     * naming the file and the count of bad rows.
     */
    static Staged count(Connection c, TableName table, TableShape layout, List<SourceFile> files, long firstSeq)
            throws SQLException {
        String nullKey = layout.keyColumns().isEmpty() ? "false"
                : layout.keyColumns().stream().map(k -> identifier(k) + " IS NULL").collect(Collectors.joining(" OR "));
        Map<Long, long[]> bySeq = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + SEQ + ", count(*), count(*) FILTER (WHERE " + nullKey + "),"
                     + " count(*) FILTER (WHERE " + LIVE + ") FROM " + RowSegments.last(c, table) + " WHERE " + SEQ
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
                throw nullKeys(files.get(i), layout, found[1], found[0]);
            }
            counts.put(files.get(i).provenanceKey(), found[0]);
            live += found[2];
        }
        return new Staged(counts, live);
    }

    /** The refusal of a file with NULL keys: the dedupe key may not be NULL. */
    static StagingException nullKeys(SourceFile file, TableShape layout, long nullRows, long rows) {
        String keys = String.join(", ", layout.keyColumns().stream().map(layout::sourceNameOf).toList());
        return TableShape.mismatch(file, nullRows + " of its " + rows + " rows have a NULL " + keys);
    }

    /**
     * Older live rows whose keys appear among the rows staged from {@code firstSeq} on (all in
     * the last segment) stop being visible, in every segment. Returns how many did.
     */
    static long supersede(Connection c, TableName table, TableShape layout, long firstSeq) throws SQLException {
        if (layout.keyColumns().isEmpty()) {
            return 0;
        }
        String last = RowSegments.last(c, table);
        String join = layout.keyColumns().stream().map(k -> "r." + identifier(k) + " = n." + identifier(k))
                .collect(Collectors.joining(" AND "));
        long superseded = 0;
        try (Statement s = c.createStatement()) {
            for (String segment : RowSegments.all(c, table)) {
                superseded += s.executeLargeUpdate("UPDATE " + segment + " AS r SET " + LIVE + " = false FROM (SELECT"
                        + " DISTINCT " + keyList(layout) + " FROM " + last + " WHERE " + SEQ + " >= " + firstSeq + ") AS n"
                        + " WHERE r." + LIVE + " AND r." + SEQ + " < " + firstSeq + " AND " + join);
            }
        }
        return superseded;
    }

    /**
     * Removes the rows of the files with these sequence numbers; for each key one of them held
     * visibly, the best remaining row (latest file, latest row) becomes visible. The keys whose
     * visible row changed are logged as touched by {@code version}, with the row removed as
     * their image ({@link ChangeLog}).
     */
    static Removal remove(Connection c, TableName table, TableShape layout, List<Long> seqs, long version)
            throws SQLException {
        String rows = RowSegments.rows(c, table);
        List<String> segments = RowSegments.all(c, table);
        String in = seqs.stream().map(String::valueOf).collect(Collectors.joining(", "));
        if (layout.keyColumns().isEmpty()) {
            long removed = delete(c, segments, in);
            return new Removal(removed, removed, 0);
        }
        String keys = keyList(layout);
        String affected = identifier("__gs_affected_" + UUID.randomUUID().toString().replace("-", ""));
        try (Statement s = c.createStatement()) {
            // One live row per key: the removed live rows count the keys they held, and are the
            // rows those keys had before (their before images in the change log).
            s.execute("CREATE TEMP TABLE " + affected + " AS SELECT " + columnList(layout) + " FROM " + rows + " WHERE "
                    + SEQ + " IN (" + in + ") AND " + LIVE);
            long liveRemoved;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + affected)) {
                rs.next();
                liveRemoved = rs.getLong(1);
            }
            long removed = delete(c, segments, in);
            String bestRows = "SELECT " + SEQ + " AS s, " + ROW + " AS w FROM " + rows + " SEMI JOIN " + affected
                    + " USING (" + keys + ") QUALIFY row_number() OVER (PARTITION BY " + keys + " ORDER BY " + SEQ
                    + " DESC, " + ROW + " DESC) = 1";
            // The best remaining row of a key may sit in any segment: chosen once over all of them, set in each.
            String best = segments.size() == 1 ? "(" + bestRows + ")"
                    : identifier("__gs_best_" + UUID.randomUUID().toString().replace("-", ""));
            if (segments.size() > 1) {
                s.execute("CREATE TEMP TABLE " + best + " AS " + bestRows);
            }
            long revived = 0;
            for (String segment : segments) {
                revived += s.executeLargeUpdate("UPDATE " + segment + " AS r SET " + LIVE + " = true FROM " + best
                        + " AS best WHERE r." + SEQ + " = best.s AND r." + ROW + " = best.w");
            }
            if (segments.size() > 1) {
                s.execute("DROP TABLE " + best);
            }
            ChangeLog.recordRemoved(c, table, layout, version, "SELECT * FROM " + affected);
            s.execute("DROP TABLE " + affected);
            return new Removal(removed, liveRemoved, revived);
        }
    }

    private static long delete(Connection c, List<String> segments, String seqs) throws SQLException {
        long removed = 0;
        try (Statement s = c.createStatement()) {
            for (String segment : segments) {
                removed += s.executeLargeUpdate("DELETE FROM " + segment + " WHERE " + SEQ + " IN (" + seqs + ")");
            }
        }
        return removed;
    }

    /** A row's place in staging order as one number: file sequence, then row (below 2^40 rows a file). */
    private static String position(String alias) {
        return "(" + alias + SEQ + " * 1099511627776 + " + alias + ROW + ")";
    }

    private static String columnList(TableShape layout) {
        return layout.columns().stream().map(col -> identifier(col.name())).collect(Collectors.joining(", "));
    }

    private static String keyList(TableShape layout) {
        return layout.keyColumns().stream().map(k -> identifier(k)).collect(Collectors.joining(", "));
    }
}
