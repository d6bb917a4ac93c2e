package io.graphstaging.core.sync;

import io.graphstaging.core.model.TableName;
import java.util.Objects;

/**
 * A staging node table whose graph table holds exactly its visible rows as of {@code position}
 * (the graph table's sync record is exact there, {@link SyncRecord#exact()}). While staging still
 * stands at that position, staging's visible keys are the graph's keys.
 */
public record SyncedNodeTable(TableName table, StagingPosition position) {
    public SyncedNodeTable {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(position, "position");
    }
}
