package io.graphstaging.ladybug.sink;

import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.ladybug.binding.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How far each graph table was synced, kept in the graph database itself ({@link SinkRecords})
 * so that it cannot outlive or miss a write to the table: written last by a full sync (exact),
 * kept with the new row count but no longer exact by other writes of staged rows, discarded by
 * every write that empties or removes rows otherwise.
 */
final class SyncRecords {
    private static final String KEY_PREFIX = "sync:";
    private static final String EXACT = "exact";

    private SyncRecords() {}

    /** Stored as {@code generation,version,rows,epochMillis,exact}. */
    static void put(Connection connection, String table, SyncRecord record) {
        SinkRecords.put(connection, key(table), record.position().generation() + "," + record.position().version() + ","
                + record.graphRows() + "," + record.completedAt().toEpochMilli() + "," + (record.exact() ? EXACT : "-"));
    }

    static void discard(Connection connection, String table) {
        SinkRecords.remove(connection, key(table));
    }

    static Optional<SyncRecord> find(Connection connection, String table) {
        return Optional.ofNullable(all(connection).get(table.toLowerCase(Locale.ROOT)));
    }

    /** Every record, by lower-case table name. */
    static Map<String, SyncRecord> all(Connection connection) {
        Map<String, SyncRecord> records = new LinkedHashMap<>();
        SinkRecords.withPrefix(connection, KEY_PREFIX).forEach((key, value) -> {
            String[] parts = value.split(",");
            records.put(key.substring(KEY_PREFIX.length()), new SyncRecord(
                    new StagingPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1])), Long.parseLong(parts[2]),
                    Instant.ofEpochMilli(Long.parseLong(parts[3])),
                    // Records written before exactness was kept have four parts: not exact.
                    parts.length > 4 && parts[4].equals(EXACT)));
        });
        return records;
    }

    private static String key(String table) {
        return KEY_PREFIX + table.toLowerCase(Locale.ROOT);
    }
}
