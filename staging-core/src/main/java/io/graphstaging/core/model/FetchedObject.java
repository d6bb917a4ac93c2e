package io.graphstaging.core.model;

import java.nio.file.Path;
import java.util.Objects;

/** An object readable on local disk, complete (never a partial download). */
public record FetchedObject(ObjectInfo info, Path localPath) {
    public FetchedObject {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(localPath, "localPath");
    }
}
