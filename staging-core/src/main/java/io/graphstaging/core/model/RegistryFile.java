package io.graphstaging.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A file known to the file registry; {@code id} is a sortable {@code gf_...} id. On the wire
 * (kept from the original API) {@code objectUri} is {@code s3_key}, {@code stagingStatus} is
 * {@code duckdb_status}, {@code stagedRowCount} is {@code duckdb_row_count} and {@code stagedAt}
 * is {@code duckdb_staged_at}.
 */
public record RegistryFile(FileId id, GraphId graph, TableName table, String fileName, ObjectUri objectUri,
                           long fileSizeBytes, UploadStatus uploadStatus, StagingStatus stagingStatus,
                           Optional<Long> stagedRowCount, Optional<Instant> stagedAt,
                           GraphStatus graphStatus, Optional<Instant> graphIngestedAt,
                           Instant createdAt, Optional<Instant> uploadedAt) {
    public RegistryFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(objectUri, "objectUri");
        Objects.requireNonNull(uploadStatus, "uploadStatus");
        Objects.requireNonNull(stagingStatus, "stagingStatus");
        Objects.requireNonNull(graphStatus, "graphStatus");
    }
}
