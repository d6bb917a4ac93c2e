package io.graphstaging.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A small, real file system that fills up: a tmpfs mounted for a test (Linux, as root, as on
 * the project machines and CI). Where it cannot be mounted the test is skipped with the reason,
 * never passed. Ballast files fill it to a chosen free space and are removed to give it back.
 */
public final class Tmpfs implements AutoCloseable {
    private static final int CHUNK = 1 << 20;
    private static final String BALLAST_PREFIX = "ballast-";

    private final Path mountPoint;
    private final List<Path> ballast = new ArrayList<>();
    private boolean mounted;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
        this.mounted = true;
    }

    /**
     * Mounts a tmpfs of {@code sizeMib} MiB at {@code dir} (created when missing), or skips the
     * calling test through a JUnit assumption that says why it could not.
     */
    public static Tmpfs mount(Path dir, int sizeMib) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Command result = run("mount", "-t", "tmpfs", "-o", "size=" + sizeMib + "m", "tmpfs", dir.toString());
        Assumptions.assumeTrue(result.exitCode() == 0, () -> "Skipped: cannot mount a tmpfs at " + dir
                + " (needs root on Linux): " + result.output());
        return new Tmpfs(dir);
    }

    public Path path() {
        return mountPoint;
    }

    /** Bytes still free for an ordinary writer. */
    public long freeBytes() {
        try {
            return Files.getFileStore(mountPoint).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes ballast until at most {@code leaveBytes} stay free (0: until the file system
     * refuses another byte). Ballast is written, not sparse: tmpfs counts only written pages.
     */
    public void fillLeaving(long leaveBytes) {
        Path file = mountPoint.resolve(BALLAST_PREFIX + ballast.size());
        ballast.add(file);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long toWrite = Math.max(0, freeBytes() - leaveBytes);
            while (toWrite > 0 || leaveBytes == 0) {
                chunk.clear();
                chunk.limit((int) Math.min(CHUNK, leaveBytes == 0 ? CHUNK : toWrite));
                int written = channel.write(chunk);
                toWrite -= written;
            }
        } catch (IOException e) {
            if (!isNoSpace(e)) {
                throw new UncheckedIOException(e);
            }
            // The disk is full: that is what filling it was for.
        }
    }

    /** Removes every ballast file: the space returns. */
    public void free() {
        try {
            for (Path file : ballast) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ballast.clear();
    }

    /** Unmounts (lazily when a file is still held open, so the mount never outlives the test). */
    @Override
    public void close() {
        if (!mounted) {
            return;
        }
        mounted = false;
        Command plain = run("umount", mountPoint.toString());
        if (plain.exitCode() != 0) {
            Command lazy = run("umount", "-l", mountPoint.toString());
            if (lazy.exitCode() != 0) {
                throw new IllegalStateException("Cannot unmount the tmpfs at " + mountPoint + ": " + plain.output()
                        + " / " + lazy.output());
            }
        }
    }

    private static boolean isNoSpace(IOException e) {
        return String.valueOf(e.getMessage()).contains("No space left on device");
    }

    private record Command(int exitCode, String output) {}

    private static Command run(String... command) {
        try {
            Path output = Files.createTempFile("tmpfs-command-", ".out");
            try {
                BoundedProcess.Ended ended = BoundedProcess.run(new ProcessBuilder(command), output, Duration.ofSeconds(30));
                if (ended.exitCode().isEmpty()) {
                    return new Command(-1, String.join(" ", command) + " did not finish within 30 s and was killed");
                }
                return new Command(ended.exitCode().getAsInt(), ended.output().strip());
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            // No mount binary at all (not Linux): the caller decides, through the exit code.
            return new Command(-1, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
