package io.graphstaging.duckdb.sql;

/**
 * The hidden schema of each graph database: the store's catalog and every table's staged rows
 * live there, the visible tables in {@code main}. User SQL may not name it (the query sandbox
 * refuses it), so its name is defined here once for both.
 */
public final class StagingSchema {
    public static final String NAME = "_staging";

    private StagingSchema() {}
}
