package io.graphstaging.http.api;

/** Answer of a materialize; {@code status} is {@code success} or {@code skipped}. */
public record MaterializeResponse(String status, String graphId, String tableName, long rowsIngested, long rowsRejected,
                                  double executionTimeMs) {}
