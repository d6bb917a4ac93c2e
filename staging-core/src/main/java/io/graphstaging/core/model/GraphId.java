package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;

/**
 * A tenant graph. Valid by construction: {@code ^[A-Za-z0-9_-]{1,128}$}, so it is safe as a
 * file name ({@code <graph_id>.duckdb}) once a path is also checked to stay under its base.
 */
public record GraphId(String value) {
    public GraphId {
        SafeName.require(value, ErrorCode.INVALID_GRAPH_ID,
                "Invalid graph id. Only alphanumeric, underscore, and hyphen allowed (1 to 128 characters).");
    }

    public static GraphId of(String value) {
        return new GraphId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
