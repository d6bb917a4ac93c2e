package io.graphstaging.duckdb.table;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * What a failed staging write means: a full disk is {@code STORAGE_FULL} (checked first: the
 * engine reports it as an I/O error, which must not blame the input), data that does not fit is
 * the caller's, anything else is ours.
 */
final class WriteErrors {
    private WriteErrors() {}

    static StagingException translate(String doing, List<SourceFile> files, SQLException e) {
        if (DuckDbErrors.isDiskFull(e)) {
            return DuckDbErrors.storageFull(DuckDbErrors.STAGING_DIRECTORY, doing, e);
        }
        String cls = DuckDbErrors.errorClass(e).toLowerCase(Locale.ROOT);
        String message = SourceFiles.withUris(DuckDbErrors.firstLine(e), files);
        if (cls.equals("conversion") || cls.equals("mismatch type")) {
            return new StagingException(ErrorCode.SCHEMA_MISMATCH, "A file does not fit while " + doing + ": " + message, e);
        }
        if ((cls.equals("invalid input") || cls.equals("io")) && !files.isEmpty()) {
            return new StagingException(ErrorCode.UNREADABLE_FILE, "A file could not be read while " + doing + ": "
                    + message, e);
        }
        return new StagingException(ErrorCode.STAGING_FAILED, "DuckDB failed while " + doing + ": " + message, e);
    }
}
