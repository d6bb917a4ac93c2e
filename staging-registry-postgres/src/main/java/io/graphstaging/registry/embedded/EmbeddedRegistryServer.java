package io.graphstaging.registry.embedded;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A real PostgreSQL server (binaries shipped in a Maven Central jar) run as a child process,
 * for the default run and for tests. Its data directory is kept: a server started again on the
 * same directory sees the same databases.
 */
public final class EmbeddedRegistryServer implements AutoCloseable {
    /** The superuser the embedded server trusts locally. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedRegistryServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server on {@code dataDir}, creating the cluster when the directory is new.
     *
     * @param port a fixed port (to come back on the same one after a stop), or empty for a free one
     * @throws StagingException {@code REGISTRY_FAILED} when it cannot start (e.g. the directory
     *         is in use by another process)
     */
    public static EmbeddedRegistryServer start(Path dataDir, OptionalInt port) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false);
            port.ifPresent(builder::setPort);
            return new EmbeddedRegistryServer(builder.start(), dir);
        } catch (IOException | RuntimeException e) {
            // zonky reports start failures as IllegalStateException; both are a registry that cannot start.
            throw new StagingException(ErrorCode.REGISTRY_FAILED,
                    "Cannot start the embedded registry PostgreSQL with data under " + dir + ": " + e.getMessage(), e);
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
