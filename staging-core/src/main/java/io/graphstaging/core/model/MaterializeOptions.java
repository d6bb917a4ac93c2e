package io.graphstaging.core.model;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to copy a staging table into the graph.
 *
 * @param ignoreErrors   count and skip rows the graph rejects instead of failing
 * @param fileIds        when not empty, only rows of these files
 * @param fromNodeTable  for a relationship table the graph lacks: its source node table
 * @param toNodeTable    likewise, its destination node table
 */
public record MaterializeOptions(boolean ignoreErrors, Set<FileId> fileIds, Optional<TableName> fromNodeTable,
                                 Optional<TableName> toNodeTable) {
    public MaterializeOptions {
        fileIds = Set.copyOf(fileIds);
        Objects.requireNonNull(fromNodeTable, "fromNodeTable");
        Objects.requireNonNull(toNodeTable, "toNodeTable");
    }
}
