package io.graphstaging.duckdb.testing;

import io.graphstaging.core.model.Column;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** Writes and reads real Parquet files for tests, through a throwaway in-memory DuckDB. */
public final class ParquetFiles {
    private ParquetFiles() {}

    public static void write(Path file, List<Column> columns, List<List<Object>> rows) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            String defs = columns.stream().map(col -> quote(col.name()) + " " + col.type()).collect(Collectors.joining(", "));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (" + defs + ")");
            }
            String marks = String.join(", ", Collections.nCopies(columns.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (" + marks + ")")) {
                for (List<Object> row : rows) {
                    for (int i = 0; i < row.size(); i++) {
                        ps.setObject(i + 1, row.get(i));
                    }
                    ps.executeUpdate();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("COPY t TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write test Parquet file " + file, e);
        }
    }

    /** Writes the rows of {@code select} (DuckDB SQL, for inputs too large to list) to {@code file}. */
    public static Path write(Path file, String select) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
            return file;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write test Parquet file " + file, e);
        }
    }

    public static List<List<Object>> read(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             PreparedStatement ps = c.prepareStatement("SELECT * FROM read_parquet(?)")) {
            ps.setString(1, file.toString());
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read test Parquet file " + file, e);
        }
    }

    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
