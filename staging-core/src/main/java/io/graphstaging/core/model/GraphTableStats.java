package io.graphstaging.core.model;

import java.util.Objects;

/** A table of the graph database with its row count. */
public record GraphTableStats(String tableName, GraphTableKind kind, long rowCount) {
    public GraphTableStats {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(kind, "kind");
    }
}
