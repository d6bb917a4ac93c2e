package io.graphstaging.duckdb.query;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.duckdb.pool.GraphPaths;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * Translates the engine's errors of user SQL. DuckDB prefixes each message with its error class
 * ({@code "Binder Error: ..."}): the classes that blame the SQL are {@code INVALID_SQL}; running
 * out of memory or disk is the server's state, not the query's fault; anything else is an
 * internal failure. Messages never show the server's directories: they are named by their
 * settings.
 */
final class QueryErrors {
    /** Error classes that say what is wrong with the SQL or its data. */
    private static final Set<String> SQL_FAULTS = Set.of("parser", "syntax", "binder", "catalog", "conversion",
            "invalid input", "out of range", "not implemented", "mismatch type", "invalid type", "constraint",
            "dependency", "sequence", "parameter not resolved", "parameter not allowed");

    private final GraphPaths paths;

    QueryErrors(GraphPaths paths) {
        this.paths = paths;
    }

    StagingException of(SQLException e) {
        String cls = DuckDbErrors.errorClass(e).toLowerCase(Locale.ROOT);
        String message = withoutPaths(DuckDbErrors.firstLine(e));
        if (DuckDbErrors.isPermissionDenied(e)) {
            return new StagingException(ErrorCode.QUERY_FORBIDDEN, "The query tried something outside its graph's sandbox: "
                    + message, e);
        }
        if (cls.equals("out of memory")) {
            return new StagingException(ErrorCode.MEMORY_BUDGET_EXHAUSTED, "The query needs more memory than its graph's"
                    + " engine may use (DUCKDB_MEMORY_LIMIT); try again later, or ask for less: " + message, e);
        }
        if (message.contains("No space left on device")) {
            return new StagingException(ErrorCode.STORAGE_FULL, "The disk the query spills to (DUCKDB_STAGING_DIR) is full: "
                    + message, e);
        }
        if (SQL_FAULTS.contains(cls)) {
            return new StagingException(ErrorCode.INVALID_SQL, "The query failed: " + message, e);
        }
        return new StagingException(ErrorCode.STAGING_FAILED, "DuckDB failed while running a query: " + message, e);
    }

    /**
     * The JVM ran out of heap while the rows were read: the server's state, not the SQL's. Bounded
     * answers make this rare; the query is stopped and its client may try again.
     */
    static StagingException outOfHeap(OutOfMemoryError e) {
        return new StagingException(ErrorCode.MEMORY_BUDGET_EXHAUSTED, "The server ran out of memory while reading the"
                + " answer; try again later, or ask for a stream", e);
    }

    private String withoutPaths(String message) {
        // The spool usually lies inside the staging directory: the longer path goes first.
        return message.replace(paths.spoolBase().toString(), "STAGING_SPOOL_DIR")
                .replace(paths.baseDirectory().toString(), "DUCKDB_STAGING_DIR");
    }
}
