package io.graphstaging.core.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table of the graph database as it is declared.
 *
 * @param properties its properties in declared order (a relationship table's without its endpoints)
 * @param from       a relationship table's source node table
 * @param to         a relationship table's destination node table
 */
public record GraphTableSchema(String tableName, GraphTableKind kind, List<Property> properties,
                               Optional<String> from, Optional<String> to) {

    /** One property: its name, the engine's type (e.g. {@code DECIMAL(18, 2)}) and whether it is the primary key. */
    public record Property(String name, String type, boolean primaryKey) {
        public Property {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    public GraphTableSchema {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(kind, "kind");
        properties = List.copyOf(properties);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
