package io.graphstaging.http.api;

import java.time.Instant;

/** A registered file with how far it has gone. */
public record RegistryFileInfo(String fileId, String graphId, String tableName, String fileName, String s3Key,
                               long fileSizeBytes, String uploadStatus, String duckdbStatus, Long duckdbRowCount,
                               Instant duckdbStagedAt, String graphStatus, Instant graphIngestedAt, Instant createdAt,
                               Instant uploadedAt) {}
