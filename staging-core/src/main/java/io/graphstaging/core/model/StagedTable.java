package io.graphstaging.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * The outcome of creating or appending to a staging table.
 *
 * @param summary           the table as a reader now sees it
 * @param rowsPerSourceFile rows read from each file of this operation, by
 *                          {@link SourceFile#provenanceKey()} (before dedupe)
 * @param rowsQuarantined   rows of this operation's files kept aside by a {@code quarantine} contract
 */
public record StagedTable(TableSummary summary, Map<String, Long> rowsPerSourceFile, long rowsQuarantined) {
    public StagedTable {
        Objects.requireNonNull(summary, "summary");
        rowsPerSourceFile = Map.copyOf(rowsPerSourceFile);
    }

    /** An outcome that quarantined nothing. */
    public StagedTable(TableSummary summary, Map<String, Long> rowsPerSourceFile) {
        this(summary, rowsPerSourceFile, 0);
    }
}
