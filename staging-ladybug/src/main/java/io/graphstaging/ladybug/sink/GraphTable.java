package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table as the graph database declares it.
 *
 * @param properties   for a node table all its columns (primary key included), in declared
 *                     order; for a relationship table its properties (without the endpoints)
 * @param primaryKey   a node table's primary key column
 * @param fromTable    a relationship table's source node table
 * @param endpoints    a relationship table's endpoint node tables
 */
record GraphTable(String name, GraphTableKind kind, List<Column> properties, Optional<String> primaryKey,
                  Optional<Endpoints> endpoints) {

    /** The node tables a relationship table connects, with their primary key columns. */
    record Endpoints(String fromTable, String toTable, String fromKey, String toKey) {}

    GraphTable {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        properties = List.copyOf(properties);
    }
}
