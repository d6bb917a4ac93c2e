package io.graphstaging.duckdb.table;

import static io.graphstaging.duckdb.sql.SqlText.identifier;
import static io.graphstaging.duckdb.sql.SqlText.literal;
import static io.graphstaging.duckdb.table.HiddenColumns.ROW;
import static io.graphstaging.duckdb.table.HiddenColumns.SEQ;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.SchemaDrift;
import io.graphstaging.core.model.SchemaDrift.Feed;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableShape;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the store reads source files: only from the graph's spool directory (the engine's sandbox
 * allows no other), their schemas, and the SELECT that maps each file's columns onto a table.
 * Engine messages name files by their object URI, never by their local path.
 */
final class SourceFiles {
    private SourceFiles() {}

    /** A file listed twice counts once, at its last position (later wins). */
    static List<SourceFile> lastOccurrences(List<SourceFile> files) {
        LinkedHashMap<String, SourceFile> byKey = new LinkedHashMap<>();
        for (SourceFile f : files) {
            byKey.remove(f.provenanceKey());
            byKey.put(f.provenanceKey(), f);
        }
        return new ArrayList<>(byKey.values());
    }

    /**
     * The columns of each file, as the engine reads them.
     *
     * @throws StagingException {@code UNREADABLE_FILE} naming a file that is not Parquet
     */
    static List<List<Column>> schemas(GraphId graph, Path graphSpool, PooledConnection pooled, List<SourceFile> files) {
        Path spool = realPath(graphSpool);
        List<List<Column>> schemas = new ArrayList<>();
        for (SourceFile file : files) {
            Path local = realPath(file.localPath());
            if (spool == null || local == null || !local.startsWith(spool)) {
                // The sandbox lets this graph's engine read its spool only: a path elsewhere is a wiring bug.
                throw new StagingException(ErrorCode.INTERNAL, "Local copy of " + file.uri()
                        + " is not in graph " + graph + "'s spool directory");
            }
            try (PreparedStatement ps = pooled.connection().prepareStatement("SELECT * FROM read_parquet(?) LIMIT 0")) {
                ps.setString(1, local.toString());
                try (ResultSet rs = ps.executeQuery()) {
                    schemas.add(StagingCatalog.columnsOf(rs.getMetaData()));
                }
            } catch (SQLException e) {
                throw unreadable(pooled, file, files, e);
            }
        }
        return schemas;
    }

    /**
     * Refuses a file with a NULL in a key column before anything is written: a large insert
     * reaches the database file before COMMIT, and the space a rolled-back one took is never
     * given back to the file system. Reads only the key columns.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} naming the file and how many rows are bad
     */
    static void refuseNullKeys(PooledConnection pooled, TableShape layout, List<SourceFile> files) {
        if (layout.keyColumns().isEmpty()) {
            return;
        }
        String nullKey = layout.keyColumns().stream().map(k -> identifier(layout.sourceNameOf(k)) + " IS NULL")
                .collect(Collectors.joining(" OR "));
        for (SourceFile file : files) {
            try (PreparedStatement ps = pooled.connection().prepareStatement(
                    "SELECT count(*), count(*) FILTER (WHERE " + nullKey + ") FROM read_parquet(?)")) {
                ps.setString(1, realPath(file.localPath()).toString());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(2) > 0) {
                        throw DedupeSql.nullKeys(file, layout, rs.getLong(2), rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw unreadable(pooled, file, files, e);
            }
        }
    }

    /** A read of a source file failed: the file is unreadable, unless the engine itself failed. */
    private static StagingException unreadable(PooledConnection pooled, SourceFile file, List<SourceFile> files,
                                               SQLException e) {
        if (DuckDbErrors.isDatabaseInvalidated(e)) {
            pooled.discardDatabase();
            return DuckDbErrors.internal("reading " + file.uri(), e);
        }
        return new StagingException(ErrorCode.UNREADABLE_FILE, "File " + file.uri() + " is not readable Parquet: "
                + withUris(DuckDbErrors.firstLine(e), files), e);
    }

    /** A type name the engine reported, safe to write into a CAST: a name with an optional (p[,s]). */
    private static final Pattern PLAIN_TYPE = Pattern.compile("[A-Z][A-Z0-9_ ]*(\\(\\d+(,\\s?\\d+)?\\))?");

    /**
     * One SELECT over all files: each file's rows under the table's data columns (a column the
     * file lacks is NULL, a narrower type cast, a type that may not cast tried), its file id when
     * the table has them, its sequence number from {@code firstSeq} on and each row's ordinal in
     * its file. With {@code dropBad}, rows {@link #quarantined} would keep aside are left out.
     */
    static String union(TableShape layout, List<SourceFile> files, List<List<Feed>> feeds, long firstSeq,
                        boolean dropBad) {
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            SourceFile file = files.get(i);
            List<String> exprs = new ArrayList<>();
            List<Column> data = layout.dataColumns();
            for (int j = 0; j < data.size(); j++) {
                exprs.add(value(feeds.get(i).get(j), data.get(j)) + " AS " + identifier(data.get(j).name()));
            }
            if (layout.hasFileId()) {
                exprs.add(file.fileId().map(id -> literal(id.value())).orElse("CAST(NULL AS VARCHAR)") + " AS "
                        + identifier(TableKind.FILE_ID));
            }
            exprs.add("CAST(" + (firstSeq + i) + " AS BIGINT) AS " + SEQ);
            exprs.add("file_row_number AS " + ROW);
            selects.add("SELECT " + String.join(", ", exprs) + " FROM " + read(file)
                    + (dropBad ? " WHERE NOT (" + bad(layout, feeds.get(i), data) + ")" : ""));
        }
        return String.join(" UNION ALL ", selects);
    }

    /**
     * The rows of the files that cannot be staged (a NULL key, a tried cast that failed), as
     * {@link Quarantine#insert} takes them: the reason names the first failing column. Empty
     * when no file can have such rows.
     */
    static String quarantined(TableShape layout, List<SourceFile> files, List<List<Feed>> feeds,
                              List<List<Column>> schemas, long firstSeq) {
        List<String> selects = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            SourceFile file = files.get(i);
            List<Column> data = layout.dataColumns();
            List<String> reasons = new ArrayList<>();
            for (int j = 0; j < data.size(); j++) {
                Feed feed = feeds.get(i).get(j);
                if (feed.cast() == SchemaDrift.Cast.TRY) {
                    String src = identifier(feed.source().orElseThrow().name());
                    reasons.add("WHEN " + failedCast(feed, data.get(j)) + " THEN 'value ''' || CAST(" + src
                            + " AS VARCHAR) || ''' of column ' || " + literal("'" + feed.source().get().name() + "'")
                            + " || ' does not cast to ' || " + literal(data.get(j).type()));
                }
            }
            if (!layout.keyColumns().isEmpty()) {
                String keys = layout.keyColumns().stream().map(layout::sourceNameOf).collect(Collectors.joining(", "));
                reasons.add("WHEN " + nullKey(layout) + " THEN " + literal("NULL " + keys));
            }
            if (reasons.isEmpty()) {
                continue;
            }
            String json = "CAST(to_json({" + schemas.get(i).stream()
                    .map(c -> literal(c.name()) + ": " + identifier(c.name()))
                    .collect(Collectors.joining(", ")) + "}) AS VARCHAR)";
            selects.add("SELECT CAST(" + (firstSeq + i) + " AS BIGINT), " + literal(file.provenanceKey()) + ", "
                    + file.fileId().map(id -> literal(id.value())).orElse("CAST(NULL AS VARCHAR)")
                    + ", file_row_number, CASE " + String.join(" ", reasons) + " END, " + json + " FROM " + read(file)
                    + " WHERE " + bad(layout, feeds.get(i), data));
        }
        return String.join(" UNION ALL ", selects);
    }

    /** The SQL type to cast into; a type name the engine gave that is not plain is refused, never pasted. */
    static String castType(String type) {
        String normal = type.toUpperCase(Locale.ROOT);
        if (!PLAIN_TYPE.matcher(normal).matches()) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Column type " + type + " cannot be cast into");
        }
        return normal;
    }

    private static String read(SourceFile file) {
        return "read_parquet(" + literal(realPath(file.localPath()).toString()) + ", file_row_number = true)";
    }

    private static String value(Feed feed, Column column) {
        if (feed.source().isEmpty()) {
            return "NULL";
        }
        String src = identifier(feed.source().get().name());
        return switch (feed.cast()) {
            case NONE -> src;
            case WIDEN -> "CAST(" + src + " AS " + castType(column.type()) + ")";
            case TRY -> "TRY_CAST(" + src + " AS " + castType(column.type()) + ")";
        };
    }

    private static String failedCast(Feed feed, Column column) {
        String src = identifier(feed.source().orElseThrow().name());
        return "(" + src + " IS NOT NULL AND TRY_CAST(" + src + " AS " + castType(column.type()) + ") IS NULL)";
    }

    private static String nullKey(TableShape layout) {
        return "(" + layout.keyColumns().stream().map(k -> identifier(layout.sourceNameOf(k)) + " IS NULL")
                .collect(Collectors.joining(" OR ")) + ")";
    }

    /** A row that cannot be staged: a tried cast failed or a key is NULL. */
    private static String bad(TableShape layout, List<Feed> feeds, List<Column> data) {
        List<String> conditions = new ArrayList<>();
        for (int j = 0; j < data.size(); j++) {
            if (feeds.get(j).cast() == SchemaDrift.Cast.TRY) {
                conditions.add(failedCast(feeds.get(j), data.get(j)));
            }
        }
        if (!layout.keyColumns().isEmpty()) {
            conditions.add(nullKey(layout));
        }
        return conditions.isEmpty() ? "false" : String.join(" OR ", conditions);
    }

    /** Replaces local spool paths in an engine message by the object URIs they were fetched from. */
    static String withUris(String message, List<SourceFile> files) {
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

    /** The path with every link resolved, or null when it does not exist (the caller says what is missing). */
    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return null;
        }
    }
}
