package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import java.util.Locale;
import java.util.Map;

/** Maps the staging engine's (DuckDB's) column types to LadybugDB types. */
final class LadybugTypes {
    private static final Map<String, String> DUCKDB_TO_LADYBUG = Map.ofEntries(
            Map.entry("BIGINT", "INT64"), Map.entry("INT8", "INT64"), Map.entry("LONG", "INT64"),
            Map.entry("INTEGER", "INT32"), Map.entry("INT4", "INT32"), Map.entry("INT", "INT32"),
            Map.entry("SMALLINT", "INT16"), Map.entry("INT2", "INT16"),
            Map.entry("TINYINT", "INT8"), Map.entry("INT1", "INT8"),
            Map.entry("UBIGINT", "UINT64"), Map.entry("UINTEGER", "UINT32"),
            Map.entry("USMALLINT", "UINT16"), Map.entry("UTINYINT", "UINT8"),
            Map.entry("HUGEINT", "INT128"),
            Map.entry("DOUBLE", "DOUBLE"), Map.entry("FLOAT8", "DOUBLE"),
            Map.entry("FLOAT", "FLOAT"), Map.entry("REAL", "FLOAT"), Map.entry("FLOAT4", "FLOAT"),
            Map.entry("BOOLEAN", "BOOL"), Map.entry("BOOL", "BOOL"),
            Map.entry("VARCHAR", "STRING"), Map.entry("TEXT", "STRING"), Map.entry("STRING", "STRING"),
            Map.entry("DATE", "DATE"),
            Map.entry("TIMESTAMP", "TIMESTAMP"), Map.entry("DATETIME", "TIMESTAMP"),
            Map.entry("TIMESTAMP_MS", "TIMESTAMP_MS"), Map.entry("TIMESTAMP_NS", "TIMESTAMP_NS"),
            Map.entry("TIMESTAMP_S", "TIMESTAMP_SEC"),
            Map.entry("TIMESTAMP WITH TIME ZONE", "TIMESTAMP_TZ"), Map.entry("TIMESTAMPTZ", "TIMESTAMP_TZ"),
            Map.entry("INTERVAL", "INTERVAL"), Map.entry("UUID", "UUID"), Map.entry("BLOB", "BLOB"));

    private LadybugTypes() {}

    /**
     * The LadybugDB type of a staged column.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} naming the column when the type has no
     *         LadybugDB counterpart this sink supports
     */
    static String of(Column column) {
        String type = DUCKDB_TO_LADYBUG.get(column.type().trim().toUpperCase(Locale.ROOT));
        if (type == null) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Column " + column.name() + " has type "
                    + column.type() + ", which the graph database does not support; supported: "
                    + String.join(", ", new java.util.TreeSet<>(DUCKDB_TO_LADYBUG.keySet())));
        }
        return type;
    }
}
