package io.graphstaging.core.model;

import java.util.Locale;

/** How far a file's upload to object storage has gone. */
public enum UploadStatus {
    PENDING, UPLOADING, COMPLETED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
