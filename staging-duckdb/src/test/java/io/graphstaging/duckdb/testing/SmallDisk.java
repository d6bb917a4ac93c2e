package io.graphstaging.duckdb.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real file system that fills up: a small tmpfs mounted for one test. Mounting needs root (the
 * machines and CI run as root); where it cannot mount, the test is skipped and says why — it never
 * passes without the disk.
 */
public final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code mebibytes} at {@code mountPoint} (created when missing). */
    public static SmallDisk mount(Path mountPoint, int mebibytes) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        int exit = run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", mountPoint.toString());
        assumeTrue(exit == 0, "Cannot mount a tmpfs (exit " + exit + "): this test needs root and is skipped");
        return new SmallDisk(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Writes {@code name} until the disk is full; deleting it frees the disk again. */
    public Path fill(String name) throws IOException {
        Path file = mountPoint.resolve(name);
        byte[] block = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return file;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        int exit = run("umount", "-l", mountPoint.toString());
        if (exit != 0) {
            throw new IOException("Cannot unmount the test tmpfs (exit " + exit + ")");
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }
}
