package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Objects;

/** A command to register a file with the registry. */
public record NewRegistryFile(GraphId graph, TableName table, ObjectUri objectUri, String fileName, long fileSizeBytes,
                              UploadStatus uploadStatus) {
    public NewRegistryFile {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(objectUri, "objectUri");
        Objects.requireNonNull(uploadStatus, "uploadStatus");
        if (fileName == null || fileName.isBlank() || fileName.length() > 1024) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "file_name must be 1 to 1024 characters");
        }
        if (fileSizeBytes < 0) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "file_size_bytes must not be negative");
        }
    }

    /** The error for this registration when the table already holds its object as {@code existing}. */
    public StagingException alreadyRegisteredAs(FileId existing) {
        return new StagingException(ErrorCode.REGISTRY_FILE_EXISTS, "Object " + objectUri + " is already registered in table "
                + table + " of graph " + graph + " as file " + existing);
    }
}
