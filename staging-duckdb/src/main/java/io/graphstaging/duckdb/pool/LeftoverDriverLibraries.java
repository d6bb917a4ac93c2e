package io.graphstaging.duckdb.pool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the copies of DuckDB's native library that killed processes left in the temporary
 * directory. The JDBC driver unpacks its 70 MB library there as {@code libduckdb_java<digits>.so}
 * in every process and deletes it only when the JVM exits normally, so each server killed by
 * {@code kill -9}, the OOM killer or a container stop leaves one behind, for ever.
 *
 * <p>Only this user's regular files older than {@link #MINIMUM_AGE} go: a process that is
 * starting loads its copy within a second of writing it, and on Linux a library that a running
 * process has loaded stays mapped when its file is deleted.
 */
public final class LeftoverDriverLibraries {
    private static final Logger LOG = LoggerFactory.getLogger(LeftoverDriverLibraries.class);
    /** The driver names its copy {@code Files.createTempFile("libduckdb_java", ".so")}. */
    private static final String GLOB = "libduckdb_java*.so";
    static final Duration MINIMUM_AGE = Duration.ofMinutes(10);

    private LeftoverDriverLibraries() {}

    /** {@link #removeFrom} on {@code java.io.tmpdir}, where the driver unpacks its library. */
    public static Removed removeFromTemporaryDirectory() {
        return removeFrom(Path.of(System.getProperty("java.io.tmpdir")), Instant.now());
    }

    /**
     * Deletes the leftover copies in {@code directory} last modified before {@code now} minus
     * {@link #MINIMUM_AGE}; a copy that cannot be deleted is logged and kept.
     */
    static Removed removeFrom(Path directory, Instant now) {
        Instant before = now.minus(MINIMUM_AGE);
        int files = 0;
        long bytes = 0;
        String self = System.getProperty("user.name");
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, GLOB)) {
            for (Path copy : copies) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(copy, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!attributes.isRegularFile() || !attributes.lastModifiedTime().toInstant().isBefore(before)
                            || !Files.getOwner(copy, LinkOption.NOFOLLOW_LINKS).getName().equals(self)) {
                        continue;
                    }
                    Files.delete(copy);
                    files++;
                    bytes += attributes.size();
                } catch (IOException e) {
                    LOG.warn("Cannot remove the leftover DuckDB library {}: {}", copy, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the temporary directory {} to remove leftover DuckDB libraries: {}", directory, e.toString());
        }
        if (files > 0) {
            LOG.info("Removed {} copies of DuckDB's native library ({} MB) that killed processes left in {}",
                    files, bytes >> 20, directory);
        }
        return new Removed(files, bytes);
    }

    /** What was removed. */
    public record Removed(int files, long bytes) {}
}
