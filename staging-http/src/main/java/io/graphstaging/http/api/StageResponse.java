package io.graphstaging.http.api;

/**
 * Answer of a create or append.
 *
 * @param rowsQuarantined rows of the staged files a {@code quarantine} contract kept aside
 */
public record StageResponse(String status, String graphId, String tableName, double executionTimeMs, long rowCount,
                            long fileCount, String kind, long rowsQuarantined) {}
