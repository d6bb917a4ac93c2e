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
 * @param contract   what the table does with files that drift from it
 */
public record TableSummary(GraphId graph, TableName table, TableKind kind, long rowCount, long fileCount,
                           long sizeBytes, Optional<String> location, SchemaContract contract) {
    public TableSummary {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(contract, "contract");
    }

    /** A summary of a table with the default contract. */
    public TableSummary(GraphId graph, TableName table, TableKind kind, long rowCount, long fileCount, long sizeBytes,
                        Optional<String> location) {
        this(graph, table, kind, rowCount, fileCount, sizeBytes, location, SchemaContract.DEFAULT);
    }
}
