package io.graphstaging.core.model;

/** How far a file's upload to object storage has gone. */
public enum UploadStatus implements WireName {
    PENDING, UPLOADING, COMPLETED, FAILED
}
