package io.graphstaging.http.api;

import java.time.Instant;

/** A table registration. */
public record RegistryTableInfo(String tableId, String graphId, String tableName, String tableType, long rowCount,
                                long fileCount, long totalSizeBytes, Instant createdAt, Instant updatedAt) {}
