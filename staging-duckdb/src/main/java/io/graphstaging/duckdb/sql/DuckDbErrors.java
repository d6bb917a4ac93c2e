package io.graphstaging.duckdb.sql;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Translates DuckDB's {@link SQLException}s at the adapter boundary. DuckDB prefixes each
 * message with its error class ({@code "Binder Error: ..."}); that class decides the code.
 */
public final class DuckDbErrors {
    private DuckDbErrors() {}

    /** The error class of a DuckDB message, e.g. {@code Binder}, or empty. */
    public static String errorClass(SQLException e) {
        String message = firstLine(e);
        int colon = message.indexOf(" Error:");
        return colon < 0 ? "" : message.substring(0, colon).strip();
    }

    /** The first line of the engine's message: the part that says what was wrong. */
    public static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    /** Whether the engine refused an operation because of the sandbox settings. */
    public static boolean isPermissionDenied(SQLException e) {
        String cls = errorClass(e).toLowerCase(Locale.ROOT);
        String message = firstLine(e).toLowerCase(Locale.ROOT);
        return cls.equals("permission") || message.contains("read-only mode")
                || message.contains("disabled by configuration") || message.contains("lock_configuration")
                || message.contains("configuration has been locked");
    }

    /** An error of the store's own SQL: an internal failure naming what was being done. */
    public static StagingException internal(String doing, SQLException e) {
        return new StagingException(ErrorCode.STAGING_FAILED, "DuckDB failed while " + doing + ": " + firstLine(e), e);
    }

    /** An error of user SQL: forbidden by the sandbox, or SQL the engine rejects. */
    public static StagingException ofUserQuery(SQLException e) {
        if (isPermissionDenied(e)) {
            return new StagingException(ErrorCode.QUERY_FORBIDDEN,
                    "The query tried something outside its graph's sandbox: " + firstLine(e), e);
        }
        String cls = errorClass(e).toLowerCase(Locale.ROOT);
        if (cls.equals("out of memory") || cls.equals("io") || cls.equals("internal") || cls.equals("fatal")) {
            return internal("running a query", e);
        }
        return new StagingException(ErrorCode.INVALID_SQL, "The query failed: " + firstLine(e), e);
    }
}
