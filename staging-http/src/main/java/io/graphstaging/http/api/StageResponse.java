package io.graphstaging.http.api;

/** Answer of a create or append. */
public record StageResponse(String status, String graphId, String tableName, double executionTimeMs, long rowCount,
                            long fileCount, String kind) {}
