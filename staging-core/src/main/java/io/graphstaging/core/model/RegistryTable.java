package io.graphstaging.core.model;

import java.time.Instant;
import java.util.Objects;

/** A table known to the file registry. {@code id} is a sortable {@code gt_...} id. */
public record RegistryTable(String id, GraphId graph, TableName table, TableKind type, long rowCount,
                            long fileCount, long totalSizeBytes, Instant createdAt, Instant updatedAt) {
    public RegistryTable {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
    }
}
