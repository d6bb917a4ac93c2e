package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.nio.file.Path;

/** The one place that turns names and paths into Cypher text: identifiers and literals escaped. */
final class Cypher {
    private Cypher() {}

    /**
     * A backtick-quoted identifier. Table names are already restricted to
     * {@code [A-Za-z0-9_-]}; column names come from Parquet files, so a backtick or control
     * character in one is refused rather than escaped.
     */
    static String identifier(String name) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c == '`' || Character.isISOControl(c))) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH,
                    "Column name '" + name.replaceAll("\\p{Cntrl}", "?") + "' cannot be used in the graph database");
        }
        return "`" + name + "`";
    }

    /** A single-quoted string literal. */
    static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String path(Path path) {
        return literal(path.toAbsolutePath().toString());
    }
}
