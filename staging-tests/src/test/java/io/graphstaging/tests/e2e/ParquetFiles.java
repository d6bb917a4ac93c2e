package io.graphstaging.tests.e2e;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes Parquet test inputs with DuckDB (a vendor library used directly by test code only). */
public final class ParquetFiles {
    private ParquetFiles() {}

    /** Writes the rows of {@code select} (DuckDB SQL) to {@code file}. */
    public static Path write(Path file, String select) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement()) {
            s.execute("COPY (" + select + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
            return file;
        } catch (SQLException e) {
            throw new IllegalStateException("writing " + file + " failed", e);
        }
    }
}
