package io.graphstaging.ladybug.sink;

import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sink's own records inside a graph database: keys and text values in a node table of the
 * engine's internal catalog (created while {@code enable_internal_catalog} is on), so that no
 * user query sees it: {@code MATCH (n)} binds only the catalog's visible tables, a label cannot
 * name it, {@code show_tables} does not list it. Its name starts with {@code $}, which no user table
 * may (see {@link LadybugGraphSchema}). Each change commits on its own. A database written before
 * the records moved there holds them in a visible table; the first use moves them.
 */
final class SinkRecords {
    /** Tables whose names start with this belong to the sink. */
    static final String PREFIX = "$";
    private static final String NAME = PREFIX + "sink_state";
    private static final String TABLE = Cypher.identifier(NAME);
    /** Where the records were kept before, a table every query could see. */
    private static final String LEGACY_NAME = PREFIX + "sink_records";

    private SinkRecords() {}

    static boolean isSinkTable(String name) {
        return name.startsWith(PREFIX);
    }

    static void put(Connection connection, String key, String value) {
        internal(connection, () -> {
            connection.execute("CREATE NODE TABLE IF NOT EXISTS " + TABLE + "(key STRING, value STRING, PRIMARY KEY(key))");
            merge(connection, key, value);
            return null;
        });
    }

    static void remove(Connection connection, String key) {
        internal(connection, () -> {
            if (exists(connection, NAME)) {
                connection.execute("MATCH (r:" + TABLE + " {key: " + Cypher.literal(key) + "}) DELETE r");
            }
            return null;
        });
    }

    /** Records whose keys start with {@code prefix}, by key. */
    static Map<String, String> withPrefix(Connection connection, String prefix) {
        return internal(connection, () -> {
            Map<String, String> records = new LinkedHashMap<>();
            if (exists(connection, NAME)) {
                try (QueryResult result = connection.query("MATCH (r:" + TABLE + ") WHERE r.key STARTS WITH "
                        + Cypher.literal(prefix) + " RETURN r.key, r.value ORDER BY r.key")) {
                    for (Row row : result.rows()) {
                        records.put(row.getString(0), row.getString(1));
                    }
                }
            }
            return records;
        });
    }

    /**
     * Turns the internal catalog off on {@code connection}: user Cypher must never run with it on
     * (it would see and reach the sink's tables).
     */
    static void hideInternalTables(Connection connection) {
        connection.execute("CALL enable_internal_catalog=false");
    }

    /** Runs {@code action} with the internal catalog on, moving legacy records first. */
    private static <T> T internal(Connection connection, Supplier<T> action) {
        connection.execute("CALL enable_internal_catalog=true");
        try {
            moveLegacyRecords(connection);
            return action.get();
        } finally {
            hideInternalTables(connection);
        }
    }

    private static void moveLegacyRecords(Connection connection) {
        if (!exists(connection, LEGACY_NAME)) {
            return;
        }
        String legacy = Cypher.identifier(LEGACY_NAME);
        Map<String, String> records = new LinkedHashMap<>();
        try (QueryResult result = connection.query("MATCH (r:" + legacy + ") RETURN r.key, r.value")) {
            for (Row row : result.rows()) {
                records.put(row.getString(0), row.getString(1));
            }
        }
        // Copied before the old table is dropped: a crash in between leaves both, and the next
        // use copies again (MERGE) and drops.
        connection.execute("CREATE NODE TABLE IF NOT EXISTS " + TABLE + "(key STRING, value STRING, PRIMARY KEY(key))");
        records.forEach((key, value) -> merge(connection, key, value));
        connection.execute("DROP TABLE " + legacy);
    }

    private static void merge(Connection connection, String key, String value) {
        connection.execute("MERGE (r:" + TABLE + " {key: " + Cypher.literal(key) + "}) SET r.value = " + Cypher.literal(value));
    }

    private static boolean exists(Connection connection, String name) {
        try (QueryResult result = connection.query("CALL show_tables() RETURN name")) {
            return result.rows().stream().anyMatch(row -> row.getString(0).equals(name));
        }
    }
}
