package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Arrays;
import java.util.Locale;

/** Whether a file's rows are in the graph database. */
public enum GraphStatus {
    PENDING, INGESTED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the wire form ({@link #wireName()}).
     *
     * @throws StagingException {@code INVALID_PARAMETER} naming the accepted values
     */
    public static GraphStatus fromWire(String value) {
        for (GraphStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new StagingException(ErrorCode.INVALID_PARAMETER, "Invalid status '" + value + "': expected one of "
                + Arrays.stream(values()).map(GraphStatus::wireName).toList());
    }
}
