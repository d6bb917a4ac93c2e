package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Arrays;
import java.util.Locale;

/** How far a file's upload to object storage has gone. */
public enum UploadStatus {
    PENDING, UPLOADING, COMPLETED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the wire form ({@link #wireName()}).
     *
     * @throws StagingException {@code INVALID_PARAMETER} naming the accepted values
     */
    public static UploadStatus fromWire(String value) {
        for (UploadStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new StagingException(ErrorCode.INVALID_PARAMETER, "Invalid status '" + value + "': expected one of "
                + Arrays.stream(values()).map(UploadStatus::wireName).toList());
    }
}
