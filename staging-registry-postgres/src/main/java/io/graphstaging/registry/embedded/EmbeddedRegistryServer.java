package io.graphstaging.registry.embedded;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries shipped in a Maven Central jar) run as a child process,
 * for the default run and for tests. Its data directory is kept: a server started again on the
 * same directory sees the same databases.
 */
public final class EmbeddedRegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistryServer.class);
    /** The superuser the embedded server trusts locally. */
    public static final String USER = "postgres";
    /** The library's lock file in the data directory, held by the process that runs the server. */
    private static final String OWNER_LOCK = "epg-lock";

    /** Whether commits survive a crash of the machine. */
    public enum Durability {
        /** fsync and synchronous commit on: the registry is a system of record. */
        DURABLE,
        /** The library's defaults (fsync off): fast, for throwaway test databases only. */
        THROWAWAY
    }

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedRegistryServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server on {@code dataDir}, creating the cluster when the directory is new. A
     * server left running on it by a process that died (killed, out of memory) is stopped first;
     * one that a live process runs is not touched, and the start fails.
     *
     * @param port a fixed port (to come back on the same one after a stop), or empty for a free one
     * @throws StagingException {@code REGISTRY_FAILED} when it cannot start (e.g. the directory
     *         is in use by another process)
     */
    public static EmbeddedRegistryServer start(Path dataDir, OptionalInt port, Durability durability) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            stopOrphanedServer(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false);
            if (durability == Durability.DURABLE) {
                // The library starts postgres with -F (fsync off); a later -c setting wins.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            port.ifPresent(builder::setPort);
            return new EmbeddedRegistryServer(builder.start(), dir);
        } catch (IOException | RuntimeException e) {
            // zonky reports start failures as IllegalStateException; both are a registry that cannot start.
            throw new StagingException(ErrorCode.REGISTRY_FAILED,
                    "Cannot start the embedded registry PostgreSQL with data under " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * If no live process owns the directory but {@code postmaster.pid} names a running
     * postgres, that server was orphaned by a process that died without stopping it: stop it,
     * or the new server would refuse the directory.
     */
    private static void stopOrphanedServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir.resolve(OWNER_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             FileLock owner = tryLock(channel)) {
            if (owner == null) {
                return; // a live process runs this server: leave it, the start will report the conflict
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
                    .flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
            if (orphan.isPresent()) {
                LOG.warn("Stopping an orphaned registry PostgreSQL (pid {}) left running on {}", orphan.get().pid(), dir);
                orphan.get().destroy();
                awaitExit(orphan.get(), dir);
            }
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this very process runs a server on the directory
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // not a pid file postgres wrote: nothing to stop
        }
    }

    private static void awaitExit(ProcessHandle process, Path dir) throws IOException {
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned server on " + dir, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the orphaned server (pid " + process.pid() + ") on " + dir + " did not stop", e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** A JDBC URL for one database of this server (connect as {@link #USER}, no password). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Stops the server; its data stays on disk. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StagingException(ErrorCode.REGISTRY_FAILED,
                    "Stopping the embedded registry PostgreSQL on " + dataDir + " failed: " + e.getMessage(), e);
        }
    }
}
