package io.graphstaging.core.snapshot;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a graph snapshot as recorded in its pointer: its name relative to the graph's
 * database directory (e.g. {@code g1.lbug}), size and SHA-256 (lower-case hex).
 */
public record SnapshotFile(String name, long size, String sha256) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,254}");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

    public SnapshotFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        // A name comes back from the object store at restore: never a path that leaves the directory.
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "Invalid snapshot file name: " + name);
        }
        if (!SHA.matcher(sha256).matches() || size < 0) {
            throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "Invalid checksum or size of snapshot file " + name);
        }
    }
}
