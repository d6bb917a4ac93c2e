package io.graphstaging.duckdb.pool;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;

/**
 * The security boundary of every DuckDB instance the store opens, in one place. An instance
 * reads and writes files only under the directories it is given (a graph's spool and export
 * directories; DuckDB adds its own spill directory next to the database), reaches nothing
 * else (no network, no other file), loads no extension, keeps no secret on disk, and has its
 * configuration locked: the settings are given when the instance starts, so nothing run on it
 * later, user SQL included, can change them. An architecture rule keeps every other class from
 * opening an instance.
 */
public final class GraphSandbox {
    /** Characters that could break out of the list literal DuckDB parses {@code allowed_directories} from. */
    private static final String UNFENCEABLE = "'\",[]\\\0";

    private GraphSandbox() {}

    /**
     * Opens a graph's database file.
     *
     * @param allowedDirectories real paths (DuckDB compares them as text, so symlinks must be resolved)
     */
    public static DuckDBConnection openGraph(Path file, List<Path> allowedDirectories, int threads, ByteSize memoryLimit) {
        Properties settings = sandbox(threads, memoryLimit);
        settings.setProperty("allowed_directories", allowedDirectories.stream()
                .map(GraphSandbox::fenceable)
                .map(dir -> "'" + dir + "/'")
                .collect(Collectors.joining(", ", "[", "]")));
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, settings);
        } catch (SQLException e) {
            // The engine's message names the file: answers name the setting instead of the path.
            String why = DuckDbErrors.firstLine(e).replace(file.getParent().toString(), "DUCKDB_STAGING_DIR");
            throw new StagingException(ErrorCode.STAGING_FAILED, "DuckDB failed while opening " + file.getFileName()
                    + ": " + why, e);
        }
    }

    /** Opens an instance in memory that may touch no file at all. */
    public static DuckDBConnection openInMemory(ByteSize memoryLimit) {
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:", sandbox(1, memoryLimit));
        } catch (SQLException e) {
            throw DuckDbErrors.internal("opening an in-memory database", e);
        }
    }

    private static Properties sandbox(int threads, ByteSize memoryLimit) {
        Properties settings = new Properties();
        // Without it the driver materialises whole results before the first row (measured).
        settings.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        settings.setProperty("threads", Integer.toString(threads));
        settings.setProperty("memory_limit", memoryLimit.bytes() + "B");
        settings.setProperty("enable_external_access", "false");
        settings.setProperty("autoload_known_extensions", "false");
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("allow_community_extensions", "false");
        settings.setProperty("allow_persistent_secrets", "false");
        settings.setProperty("lock_configuration", "true");
        return settings;
    }

    private static String fenceable(Path dir) {
        String text = dir.toString();
        for (char c : UNFENCEABLE.toCharArray()) {
            if (text.indexOf(c) >= 0) {
                throw new StagingException(ErrorCode.STAGING_FAILED, "A staging directory name contains '" + c
                        + "', which the database sandbox cannot fence; choose directory names without it");
            }
        }
        return text;
    }
}
