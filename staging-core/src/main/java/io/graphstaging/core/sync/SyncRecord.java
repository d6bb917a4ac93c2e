package io.graphstaging.core.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a graph table was synced: the staging position it equalled when its last full sync
 * completed, and the graph table's row count then (a table dropped and filled by anything
 * else no longer matches it).
 *
 * <p>A record is kept at its position by later writes of staged rows (a {@code file_ids}
 * materialize, an append, a sync that left rows out), which leave "the graph equals staging as
 * of the position, plus some later changes". Only a record written by a whole-table sync or
 * rebuild that rejected nothing, and not kept by any write since, is {@code exact}: the graph
 * table then holds exactly the staged visible rows as of its position, so staging's own
 * history can stand for the graph's rows of the keys changed since.
 *
 * @param exact whether the graph table holds exactly the staged visible rows as of
 *              {@code position} (records kept in a form without the flag read as not exact)
 */
public record SyncRecord(StagingPosition position, long graphRows, Instant completedAt, boolean exact) {
    public SyncRecord {
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(completedAt, "completedAt");
    }

    /** Whether the record can stand for the graph table's content at {@code now} of staging. */
    public boolean validFor(StagingPosition now, long currentGraphRows) {
        return position.generation() == now.generation() && position.version() <= now.version()
                && graphRows == currentGraphRows;
    }

    /** The record as a later write of staged rows keeps it: same position, the new row count, no longer exact. */
    public SyncRecord keptWith(long rows) {
        return new SyncRecord(position, rows, completedAt, false);
    }
}
