package io.graphstaging.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a reader of one staging table sees.
 *
 * @param rowCount   rows after dedupe
 * @param fileCount  distinct source files with rows staged
 * @param sizeBytes  estimated storage size
 * @param location   the pattern the table was last created from, when known
 */
public record TableSummary(GraphId graph, TableName table, TableKind kind, long rowCount, long fileCount,
                           long sizeBytes, Optional<String> location) {
    public TableSummary {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
    }
}
