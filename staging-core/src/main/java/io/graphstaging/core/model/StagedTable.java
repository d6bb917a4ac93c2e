package io.graphstaging.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of creating or appending to a staging table.
 *
 * @param summary           the table as a reader now sees it
 * @param rowsPerSourceFile rows read from each file of this operation, by
 *                          {@link SourceFile#provenanceKey()} (before dedupe)
 */
public record StagedTable(TableSummary summary, Map<String, Long> rowsPerSourceFile) {
    public StagedTable {
        Objects.requireNonNull(summary, "summary");
        rowsPerSourceFile = Map.copyOf(rowsPerSourceFile);
    }
}
