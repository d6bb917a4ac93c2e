package io.graphstaging.core.model;

import java.util.Objects;

/**
 * A result or table column.
 *
 * @param type the engine's SQL type name, e.g. {@code BIGINT}, {@code VARCHAR}
 */
public record Column(String name, String type) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
