package io.graphstaging.core.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a graph table was synced: the staging position it equalled when its last full sync
 * completed, and the graph table's row count then (a table dropped and filled by anything
 * else no longer matches it).
 */
public record SyncRecord(StagingPosition position, long graphRows, Instant completedAt) {
    public SyncRecord {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    /** Whether the record can stand for the graph table's content at {@code now} of staging. */
    public boolean validFor(StagingPosition now, long currentGraphRows) {
        return position.generation() == now.generation() && position.version() <= now.version()
                && graphRows == currentGraphRows;
    }
}
