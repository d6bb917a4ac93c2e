package io.graphstaging.http.api;

/** Answer of rebuilding a table from the registry. */
public record RefreshResponse(String status, String graphId, String tableName, long fileCount, long rowCount,
                              double executionTimeMs, String message) {}
