package io.graphstaging.core.model;

import java.util.Objects;

/**
 * Metadata of one stored object.
 *
 * @param etag an opaque version tag: a changed object has a different one
 */
public record ObjectInfo(ObjectUri uri, long sizeBytes, String etag) {
    public ObjectInfo {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(etag, "etag");
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("sizeBytes < 0");
        }
    }
}
