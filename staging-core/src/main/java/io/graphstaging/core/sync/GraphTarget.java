package io.graphstaging.core.sync;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The graph table a staging table goes into, as the sink found or would create it.
 *
 * @param tableName   the graph's name of the table
 * @param exists      false when the first write creates it
 * @param columns     the staged columns in the order the graph table takes them (keys first:
 *                    {@code identifier}, or {@code src, dst}); every Parquet file written for
 *                    the table has exactly these
 * @param keyColumns  the staged key columns
 * @param endpoints   a relationship table's endpoint node tables
 * @param rowCount    rows the graph table holds now
 * @param record      the table's sync record, when it has one
 * @param dependents  relationship tables pointing at this node table that hold rows
 */
public record GraphTarget(String tableName, GraphTableKind kind, boolean exists, List<Column> columns,
                          List<String> keyColumns, Optional<Endpoints> endpoints, long rowCount,
                          Optional<SyncRecord> record, List<String> dependents) {
    public GraphTarget {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(record, "record");
        dependents = List.copyOf(dependents);
    }

    /** The columns that are not keys. */
    public List<Column> properties() {
        return columns.stream().filter(c -> !keyColumns.contains(c.name())).toList();
    }
}
