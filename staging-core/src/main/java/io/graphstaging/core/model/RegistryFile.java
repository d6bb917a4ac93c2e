package io.graphstaging.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A file known to the file registry; {@code id} is a sortable {@code gf_...} id. */
public record RegistryFile(FileId id, GraphId graph, TableName table, String fileName, ObjectUri s3Key,
                           long fileSizeBytes, UploadStatus uploadStatus, DuckdbStatus duckdbStatus,
                           Optional<Long> duckdbRowCount, Optional<Instant> duckdbStagedAt,
                           GraphStatus graphStatus, Optional<Instant> graphIngestedAt,
                           Instant createdAt, Optional<Instant> uploadedAt) {
    public RegistryFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(s3Key, "s3Key");
        Objects.requireNonNull(uploadStatus, "uploadStatus");
        Objects.requireNonNull(duckdbStatus, "duckdbStatus");
        Objects.requireNonNull(graphStatus, "graphStatus");
    }
}
