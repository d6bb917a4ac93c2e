package io.graphstaging.duckdb.pool;

import io.graphstaging.core.config.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether the disk under a directory still has room for DuckDB to write: a checkpoint or a
 * spill needs at least a few blocks, and a disk below that fails every write.
 */
final class FreeSpace {
    /** Less than this is a full disk. */
    static final ByteSize MINIMUM = ByteSize.ofMebibytes(16);

    private FreeSpace() {}

    /**
     * What is wrong with the disk under {@code dir} (named by its setting, never its path), or
     * empty when it has room.
     */
    static Optional<String> problem(Path dir, String setting) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.of("the directory " + setting + " names does not exist");
        }
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            return free < MINIMUM.bytes()
                    ? Optional.of("the disk of " + setting + " is full (" + free + " bytes free, less than " + MINIMUM + ")")
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.of("the free space of " + setting + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
