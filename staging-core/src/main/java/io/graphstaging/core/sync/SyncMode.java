package io.graphstaging.core.sync;

import io.graphstaging.core.model.WireName;

/**
 * How a materialize makes the graph table follow the staging table: {@code sync} inserts,
 * updates and removes; {@code append} inserts new keys only; {@code rebuild} empties the graph
 * table and loads it in one bulk copy.
 */
public enum SyncMode implements WireName {
    SYNC, APPEND, REBUILD
}
