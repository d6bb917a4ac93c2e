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
    /** Where every graph database, its WAL and its spill files live. */
    public static final String STAGING_DIRECTORY = "the staging directory (DUCKDB_STAGING_DIR)";

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

    /**
     * Whether the engine ran out of disk space: a write failed with ENOSPC, or a spill was
     * refused because {@code max_temp_directory_size} (by default what the disk has free) ran out.
     */
    public static boolean isDiskFull(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("no space left on device") || message.contains("\"errno\":\"28\"")
                || message.contains("max_temp_directory_size");
    }

    /**
     * Whether the engine invalidated its database after a fatal error (such as a checkpoint that
     * ran out of space): every later statement fails until a new instance opens the file.
     */
    public static boolean isDatabaseInvalidated(SQLException e) {
        return errorClass(e).equalsIgnoreCase("fatal")
                || String.valueOf(e.getMessage()).contains("database has been invalidated");
    }

    /**
     * A full disk, naming the directory by its setting (never by its path) and what was being
     * done. {@code directory} reads like "the staging directory (DUCKDB_STAGING_DIR)".
     */
    public static StagingException storageFull(String directory, String doing, SQLException e) {
        return new StagingException(ErrorCode.STORAGE_FULL, capitalized(directory) + " is full while " + doing
                + "; nothing was changed", e);
    }

    /**
     * An error of the store's own SQL: an internal failure naming what was being done, or a
     * full staging directory.
     */
    public static StagingException internal(String doing, SQLException e) {
        if (isDiskFull(e)) {
            return storageFull(STAGING_DIRECTORY, doing, e);
        }
        return new StagingException(ErrorCode.STAGING_FAILED, "DuckDB failed while " + doing + ": " + firstLine(e), e);
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
