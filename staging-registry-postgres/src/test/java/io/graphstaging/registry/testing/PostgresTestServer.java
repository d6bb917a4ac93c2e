package io.graphstaging.registry.testing;

import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.embedded.EmbeddedRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests, in a temp directory, handing out fresh empty databases. It can
 * be stopped and started again on the same port and data, to test a registry that goes away.
 * Use {@link SharedPostgresExtension} for the one shared instance per test JVM, and a dedicated
 * instance ({@link #start()}) for tests that stop it.
 */
public final class PostgresTestServer implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();
    private EmbeddedRegistryServer server;

    private PostgresTestServer(Path dataDir, EmbeddedRegistryServer server) {
        this.dataDir = dataDir;
        this.server = server;
        this.port = server.port();
    }

    /** Starts a dedicated server in a new temp directory (deleted on close). */
    public static PostgresTestServer start() {
        try {
            Path dir = Files.createTempDirectory("registry-pg-");
            return new PostgresTestServer(dir, EmbeddedRegistryServer.start(dir.resolve("data"), OptionalInt.empty(),
                    EmbeddedRegistryServer.Durability.THROWAWAY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new, empty database on this server, as registry configuration with short timeouts. */
    public synchronized RegistryConfig newDatabase() {
        String name = "registry_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), EmbeddedRegistryServer.USER, null);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return RegistryConfig.external(jdbcUrl(name), EmbeddedRegistryServer.USER, null)
                .withTimeouts(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5));
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Stops the server (its data stays): clients now fail to connect. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts it again on the same port and data. */
    public synchronized void restart() {
        if (server == null) {
            server = EmbeddedRegistryServer.start(dataDir.resolve("data"), OptionalInt.of(port),
                    EmbeddedRegistryServer.Durability.THROWAWAY);
        }
    }

    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dataDir, e);
        }
    }
}
