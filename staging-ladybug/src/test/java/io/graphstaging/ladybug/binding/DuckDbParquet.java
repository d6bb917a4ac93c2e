package io.graphstaging.ladybug.binding;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-memory DuckDB for each test ({@code @RegisterExtension}): writes Parquet files from SQL,
 * and reads them back as the reference the engine's copies are compared with.
 */
final class DuckDbParquet implements BeforeEachCallback, AfterEachCallback {
    private final Supplier<Path> dir;
    private java.sql.Connection duck;

    /** Files go into the directory {@code dir} gives when a file is written. */
    DuckDbParquet(Supplier<Path> dir) {
        this.dir = dir;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        duck.close();
    }

    /** {@code <dir>/<name>.parquet} holding the rows of {@code select}. */
    Path write(String name, String select) {
        Path file = dir.get().resolve(name + ".parquet");
        try (Statement st = duck.createStatement()) {
            st.execute("SELECT setseed(0.25)");
            st.execute("COPY (" + select + ") TO " + literal(file) + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException(select, e);
        }
        return file;
    }

    /** Runs a query; the caller closes the statement through the result. */
    ResultSet query(String sql) {
        try {
            Statement st = duck.createStatement();
            st.closeOnCompletion();
            return st.executeQuery(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** A path as a string literal of both SQL and Cypher (test paths hold no quote). */
    static String literal(Path path) {
        return "'" + path + "'";
    }
}
