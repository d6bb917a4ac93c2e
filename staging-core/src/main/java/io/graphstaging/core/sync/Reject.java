package io.graphstaging.core.sync;

import io.graphstaging.core.model.FileId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A staged row the graph cannot take.
 *
 * @param key    the row's key columns and values ({@code identifier}, or {@code src} and {@code dst})
 * @param fileId the staged file the row came from, when the table carries file ids
 * @param reason what is wrong, e.g. "no node e9 in Entity"
 */
public record Reject(Map<String, Object> key, Optional<FileId> fileId, String reason) {
    public Reject {
        key = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(key));
        Objects.requireNonNull(fileId, "fileId");
        Objects.requireNonNull(reason, "reason");
    }
}
