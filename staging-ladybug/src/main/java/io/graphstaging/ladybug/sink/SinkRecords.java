package io.graphstaging.ladybug.sink;

import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sink's own records inside a graph database: keys and text values in a node table that no
 * user table can be named like ({@code $} is not allowed in table names) and that
 * {@link GraphCatalog} hides. Created with the first record; each change commits on its own.
 */
final class SinkRecords {
    /** Tables whose names start with this belong to the sink. */
    static final String PREFIX = "$";
    private static final String TABLE = Cypher.identifier(PREFIX + "sink_records");

    private SinkRecords() {}

    static boolean isSinkTable(String name) {
        return name.startsWith(PREFIX);
    }

    static void put(Connection connection, String key, String value) {
        connection.execute("CREATE NODE TABLE IF NOT EXISTS " + TABLE + "(key STRING, value STRING, PRIMARY KEY(key))");
        connection.execute("MERGE (r:" + TABLE + " {key: " + Cypher.literal(key) + "}) SET r.value = " + Cypher.literal(value));
    }

    static void remove(Connection connection, String key) {
        if (exists(connection)) {
            connection.execute("MATCH (r:" + TABLE + " {key: " + Cypher.literal(key) + "}) DELETE r");
        }
    }

    /** Records whose keys start with {@code prefix}, by key. */
    static Map<String, String> withPrefix(Connection connection, String prefix) {
        Map<String, String> records = new LinkedHashMap<>();
        if (!exists(connection)) {
            return records;
        }
        try (QueryResult result = connection.query("MATCH (r:" + TABLE + ") WHERE r.key STARTS WITH "
                + Cypher.literal(prefix) + " RETURN r.key, r.value ORDER BY r.key")) {
            for (Row row : result.rows()) {
                records.put(row.getString(0), row.getString(1));
            }
        }
        return records;
    }

    private static boolean exists(Connection connection) {
        try (QueryResult result = connection.query("CALL show_tables() RETURN name")) {
            return result.rows().stream().anyMatch(row -> row.getString(0).equals(PREFIX + "sink_records"));
        }
    }
}
