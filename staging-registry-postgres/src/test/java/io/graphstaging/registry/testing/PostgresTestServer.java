package io.graphstaging.registry.testing;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.embedded.EmbeddedRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
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
    private final EmbeddedRegistryServer.Login superuser;
    private final AtomicInteger databases = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private EmbeddedRegistryServer server;

    private PostgresTestServer(Path dataDir, EmbeddedRegistryServer server) {
        this.dataDir = dataDir;
        this.server = server;
        this.port = server.port();
        // The passwords are kept in the data directory: the same after a restart.
        this.superuser = server.superuser();
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

    /**
     * A new, empty database on this server, owned by a new role that is no superuser, as
     * registry configuration (that role and its password) with short timeouts.
     */
    public synchronized RegistryConfig newDatabase() {
        String name = "registry_" + databases.incrementAndGet();
        byte[] secret = new byte[18];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection c = admin(EmbeddedRegistryServer.DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
            s.execute("CREATE DATABASE " + name + " OWNER " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return RegistryConfig.external(jdbcUrl(name), name, password)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** A superuser connection to one database, for what a test does behind the registry's back. */
    public Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), superuser.user(), superuser.password());
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
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

    /**
     * Returns once {@code registry} answers again after a {@link #restart()}. While the server was
     * down its pool retried with a growing pause (up to 5 s, Hikari's cap), which can outlast a
     * test's short wait for a connection; a registry still failing after a minute fails the test.
     */
    public void awaitReconnected(FileRegistry registry) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                registry.checkHealth();
                return;
            } catch (StagingException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the registry did not reconnect within a minute", e);
                }
            }
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
