package io.graphstaging.duckdb.table;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.sql.SqlText;
import io.graphstaging.duckdb.sql.StagingSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The store's bookkeeping inside each graph database, in the hidden {@link StagingSchema}: one
 * row per staging table and one per staged file. Table names compare case-insensitively, as
 * DuckDB identifiers do.
 */
final class StagingCatalog {
    private static final String SCHEMA = StagingSchema.NAME;

    /**
     * One staging table.
     *
     * @param nextSeq  the sequence number the next staged file gets
     * @param liveRows rows a reader sees, kept up to date by every mutation (counting them
     *                 would cost a scan of the whole table)
     * @param generation new on every create (replace, refresh rebuild)
     * @param version    +1 on every append and file delete within the generation
     * @param contract   what the table does with files that drift from it
     */
    record TableEntry(String name, TableKind kind, boolean hasFileId, Optional<String> location, long nextSeq,
                      long liveRows, long generation, long version, SchemaContract contract) {}

    /**
     * One staged file; {@code sizeBytes} is its Parquet size, the table's storage estimate.
     * {@code content} is what it was staged from, to tell an unchanged re-create from a changed one.
     */
    record FileEntry(String key, long seq, Optional<String> fileId, long rowCount, long sizeBytes,
                     Optional<FileFingerprint> content) {}

    /** How many files a table was staged from, and their total Parquet size. */
    record FileTotals(long count, long sizeBytes) {}

    private StagingCatalog() {}

    /**
     * The hidden per-file table of a staging table. The {@code rows:} prefix (a colon never
     * occurs in a table name) keeps it apart from the catalog's own {@code tables} and {@code files}.
     */
    static String rawTable(TableName table) {
        return SqlText.identifier(SCHEMA) + "." + SqlText.identifier(rawName(table));
    }

    static String rawName(TableName table) {
        return "rows:" + table.value();
    }

    /**
     * A hidden per-table table of the catalog's schema, {@code <kind>:<table>} (a colon never
     * occurs in a table name): {@code rows}, {@code changes}, {@code rejects}.
     */
    static String hiddenTable(String kind, TableName table) {
        return SqlText.identifier(SCHEMA) + "." + SqlText.identifier(kind + ":" + table.value());
    }

    /** Whether the hidden table {@code <kind>:<table>} exists. */
    static boolean hiddenTableExists(Connection c, String kind, TableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ?"
                + " AND lower(table_name) = lower(?)")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, kind + ":" + table.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** The visible relation (a view over the live rows). */
    static String visibleTable(TableName table) {
        return "main." + SqlText.identifier(table.value());
    }

    static boolean exists(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = 'tables'")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    static void ensure(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".tables (table_name VARCHAR NOT NULL, kind VARCHAR NOT NULL,"
                    + " has_file_id BOOLEAN NOT NULL, location VARCHAR, next_seq BIGINT NOT NULL, live_rows BIGINT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS " + SCHEMA + ".files (table_name VARCHAR NOT NULL, file_key VARCHAR NOT NULL,"
                    + " seq BIGINT NOT NULL, file_id VARCHAR, row_count BIGINT NOT NULL, size_bytes BIGINT NOT NULL)");
            // Added later: a catalog written before them gets them empty, so its tables rebuild once.
            s.execute("ALTER TABLE " + SCHEMA + ".tables ADD COLUMN IF NOT EXISTS as_created BOOLEAN DEFAULT false");
            s.execute("ALTER TABLE " + SCHEMA + ".files ADD COLUMN IF NOT EXISTS local_path VARCHAR");
            s.execute("ALTER TABLE " + SCHEMA + ".files ADD COLUMN IF NOT EXISTS modified_millis BIGINT");
            // Change tracking for the graph: a catalog written before them starts at generation 0.
            s.execute("ALTER TABLE " + SCHEMA + ".tables ADD COLUMN IF NOT EXISTS generation BIGINT DEFAULT 0");
            s.execute("ALTER TABLE " + SCHEMA + ".tables ADD COLUMN IF NOT EXISTS version BIGINT DEFAULT 0");
            s.execute("ALTER TABLE " + SCHEMA + ".files ADD COLUMN IF NOT EXISTS version BIGINT DEFAULT 0");
            // Schema contracts: a table staged before them has the default (NULL reads as it).
            s.execute("ALTER TABLE " + SCHEMA + ".tables ADD COLUMN IF NOT EXISTS contract_columns VARCHAR");
            s.execute("ALTER TABLE " + SCHEMA + ".tables ADD COLUMN IF NOT EXISTS contract_rows VARCHAR");
        }
    }

    static List<TableEntry> tables(Connection c) throws SQLException {
        List<TableEntry> entries = new ArrayList<>();
        if (!exists(c)) {
            return entries;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, kind, has_file_id, location, next_seq, live_rows,"
                     + " coalesce(generation, 0), coalesce(version, 0), " + contractColumns(c) + " FROM " + SCHEMA
                     + ".tables ORDER BY table_name")) {
            while (rs.next()) {
                entries.add(entry(rs));
            }
        }
        return entries;
    }

    static Optional<TableEntry> table(Connection c, TableName table) throws SQLException {
        if (!exists(c)) {
            return Optional.empty();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT table_name, kind, has_file_id, location, next_seq,"
                + " live_rows, coalesce(generation, 0), coalesce(version, 0), " + contractColumns(c) + " FROM " + SCHEMA
                + ".tables WHERE lower(table_name) = lower(?)")) {
            ps.setString(1, table.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        }
    }

    private static TableEntry entry(ResultSet rs) throws SQLException {
        SchemaContract contract = SchemaContract.DEFAULT.with(Optional.ofNullable(rs.getString(9)),
                Optional.ofNullable(rs.getString(10)));
        return new TableEntry(rs.getString(1), TableKind.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                rs.getBoolean(3), Optional.ofNullable(rs.getString(4)), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8),
                contract);
    }

    /** The contract's two columns, or NULLs (the default) for a catalog written before they were added. */
    private static String contractColumns(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM duckdb_columns() WHERE schema_name = ?"
                + " AND table_name = 'tables' AND column_name = 'contract_rows'")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0 ? "contract_columns, contract_rows" : "NULL, NULL";
            }
        }
    }

    /** Keeps the table's contract. */
    static void setContract(Connection c, TableName table, SchemaContract contract) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + SCHEMA
                + ".tables SET contract_columns = ?, contract_rows = ? WHERE lower(table_name) = lower(?)")) {
            ps.setString(1, contract.columns().wireName());
            ps.setString(2, contract.rows().wireName());
            ps.setString(3, table.value());
            ps.executeUpdate();
        }
    }

    static List<FileEntry> files(Connection c, TableName table) throws SQLException {
        List<FileEntry> files = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT file_key, seq, file_id, row_count, size_bytes, local_path,"
                + " modified_millis FROM " + SCHEMA + ".files WHERE lower(table_name) = lower(?) ORDER BY seq")) {
            ps.setString(1, table.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String path = rs.getString(6);
                    long modified = rs.getLong(7);
                    Optional<FileFingerprint> content = path == null || rs.wasNull() ? Optional.empty()
                            : Optional.of(new FileFingerprint(path, rs.getLong(5), modified));
                    files.add(new FileEntry(rs.getString(1), rs.getLong(2), Optional.ofNullable(rs.getString(3)),
                            rs.getLong(4), rs.getLong(5), content));
                }
            }
        }
        return files;
    }

    static void putTable(Connection c, TableName table, TableKind kind, boolean hasFileId, Optional<String> location,
                         long nextSeq, long liveRows, SchemaContract contract) throws SQLException {
        removeTable(c, table);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".tables (table_name, kind, has_file_id,"
                + " location, next_seq, live_rows, as_created, generation, version) VALUES (?, ?, ?, ?, ?, ?, true, ?, 0)")) {
            ps.setString(1, table.value());
            ps.setString(2, kind.wireName());
            ps.setBoolean(3, hasFileId);
            ps.setString(4, location.orElse(null));
            ps.setLong(5, nextSeq);
            ps.setLong(6, liveRows);
            // Random, so a table dropped and staged again never reuses a generation a graph recorded.
            ps.setLong(7, UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
            ps.executeUpdate();
        }
        setContract(c, table, contract);
    }

    /**
     * Sets the counters after an append or a delete, which also ends the table being as created
     * and is the table's next version ({@code version}, which the change log was written with).
     */
    static void setCounters(Connection c, TableName table, long nextSeq, long liveRows, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + SCHEMA + ".tables SET next_seq = ?, live_rows = ?,"
                + " as_created = false, version = ? WHERE lower(table_name) = lower(?)")) {
            ps.setLong(1, nextSeq);
            ps.setLong(2, liveRows);
            ps.setLong(3, version);
            ps.setString(4, table.value());
            ps.executeUpdate();
        }
    }

    /** Records that the files staged from {@code firstSeq} on were added in {@code version}. */
    static void setFilesVersion(Connection c, TableName table, long firstSeq, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + SCHEMA
                + ".files SET version = ? WHERE lower(table_name) = lower(?) AND seq >= ?")) {
            ps.setLong(1, version);
            ps.setString(2, table.value());
            ps.setLong(3, firstSeq);
            ps.executeUpdate();
        }
    }

    /** The first file sequence of the table's files added after {@code version}; empty when none was. */
    static OptionalLong firstSeqAddedAfter(Connection c, TableName table, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT min(seq) FROM " + SCHEMA
                + ".files WHERE lower(table_name) = lower(?) AND coalesce(version, 0) > ?")) {
            ps.setString(1, table.value());
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(seq);
            }
        }
    }

    /** File ids (or provenance keys) of the table's files added after {@code version}, in staging order. */
    static List<String> filesAddedAfter(Connection c, TableName table, long version) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(file_id, file_key) FROM " + SCHEMA
                + ".files WHERE lower(table_name) = lower(?) AND coalesce(version, 0) > ? ORDER BY seq")) {
            ps.setString(1, table.value());
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Whether the table holds exactly what its create staged: no append or delete since. */
    static boolean asCreated(Connection c, TableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(as_created, false) FROM " + SCHEMA
                + ".tables WHERE lower(table_name) = lower(?)")) {
            ps.setString(1, table.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    static void setLocation(Connection c, TableName table, Optional<String> location) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + SCHEMA
                + ".tables SET location = ? WHERE lower(table_name) = lower(?)")) {
            ps.setString(1, location.orElse(null));
            ps.setString(2, table.value());
            ps.executeUpdate();
        }
    }

    static void removeTable(Connection c, TableName table) throws SQLException {
        for (String sql : List.of("DELETE FROM " + SCHEMA + ".tables WHERE lower(table_name) = lower(?)",
                "DELETE FROM " + SCHEMA + ".files WHERE lower(table_name) = lower(?)")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, table.value());
                ps.executeUpdate();
            }
        }
    }

    static void putFile(Connection c, TableName table, FileEntry file) throws SQLException {
        removeFile(c, table, file.key());
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + SCHEMA + ".files (table_name, file_key, seq, file_id,"
                + " row_count, size_bytes, local_path, modified_millis) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, table.value());
            ps.setString(2, file.key());
            ps.setLong(3, file.seq());
            ps.setString(4, file.fileId().orElse(null));
            ps.setLong(5, file.rowCount());
            ps.setLong(6, file.sizeBytes());
            ps.setString(7, file.content().map(FileFingerprint::path).orElse(null));
            if (file.content().isPresent()) {
                ps.setLong(8, file.content().get().modifiedMillis());
            } else {
                ps.setNull(8, java.sql.Types.BIGINT);
            }
            ps.executeUpdate();
        }
    }

    static FileTotals fileTotals(Connection c, TableName table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(size_bytes), 0) FROM " + SCHEMA
                + ".files WHERE lower(table_name) = lower(?)")) {
            ps.setString(1, table.value());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new FileTotals(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    static void removeFile(Connection c, TableName table, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + SCHEMA
                + ".files WHERE lower(table_name) = lower(?) AND file_key = ?")) {
            ps.setString(1, table.value());
            ps.setString(2, key);
            ps.executeUpdate();
        }
    }

    /** The visible columns of a staging table, in order, as its view reports them. */
    static List<Column> visibleColumns(Connection c, TableName table) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + visibleTable(table) + " LIMIT 0")) {
            return columnsOf(rs.getMetaData());
        }
    }

    /** Columns of a relation as the engine reports them. */
    static List<Column> columnsOf(ResultSetMetaData md) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(new Column(md.getColumnName(i), md.getColumnTypeName(i)));
        }
        return columns;
    }
}
