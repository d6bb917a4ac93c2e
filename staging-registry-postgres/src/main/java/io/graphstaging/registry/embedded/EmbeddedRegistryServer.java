package io.graphstaging.registry.embedded;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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
 *
 * <p>Locked down: it listens on 127.0.0.1 only and has no Unix socket; every login needs a
 * password (SCRAM-SHA-256). The passwords are generated once and kept in
 * {@code registry-credentials.properties} in the data directory (0600). The superuser's password is set
 * offline in single-user mode; the registry logs in as {@link #registryLogin()}, a role that
 * owns the {@value #REGISTRY_SCHEMA} schema and nothing else. A data directory from the
 * releases that trusted every local connection is upgraded in place on its first start.
 */
public final class EmbeddedRegistryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRegistryServer.class);
    /** The bootstrap superuser, for administration only. */
    public static final String SUPERUSER = "postgres";
    /** The database the registry lives in. */
    public static final String DATABASE = RegistryRole.DATABASE;
    /** The schema the registry role owns and its connections use. */
    public static final String REGISTRY_SCHEMA = RegistryRole.SCHEMA;
    /** The library's lock file in the data directory, held by the process that runs the server. */
    private static final String OWNER_LOCK = "epg-lock";
    private static final String LOOPBACK = "127.0.0.1";

    /** Whether commits survive a crash of the machine. */
    public enum Durability {
        /** fsync and synchronous commit on: the registry is a system of record. */
        DURABLE,
        /** The library's defaults (fsync off): fast, for throwaway test databases only. */
        THROWAWAY
    }

    /** A login of the embedded server; never printed with its password. */
    public record Login(String user, String password) {
        @Override
        public String toString() {
            return "Login[user=" + user + ", password=***]";
        }
    }

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final CredentialsFile.Passwords passwords;
    private final ServerOutput output;

    private EmbeddedRegistryServer(EmbeddedPostgres postgres, Path dataDir, CredentialsFile.Passwords passwords,
                                   ServerOutput output) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.passwords = passwords;
        this.output = output;
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
        ServerOutput output;
        try {
            output = ServerOutput.create();
        } catch (IOException e) {
            throw cannotStart(dir, e);
        }
        try {
            Files.createDirectories(dir);
            stopOrphanedServer(dir);
            EmbeddedRegistryServer server = launch(dir, port, durability, output);
            try {
                server.provisionRegistryRole();
            } catch (SQLException | RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException | SQLException | RuntimeException e) {
            output.error("start", output.unread());
            ServerOutput.serverLogTail(dir).ifPresent(tail ->
                    LOG.error("The embedded registry PostgreSQL's own log ends with:\n{}", tail));
            output.close();
            throw cannotStart(dir, e);
        }
    }

    private static StagingException cannotStart(Path dir, Exception e) {
        // zonky reports start failures as IllegalStateException; all are a registry that cannot start.
        return new StagingException(ErrorCode.REGISTRY_FAILED,
                "Cannot start the embedded registry PostgreSQL with data under " + dir + ": " + e.getMessage(), e);
    }

    private static EmbeddedRegistryServer launch(Path dir, OptionalInt port, Durability durability, ServerOutput output)
            throws IOException {
        PostgresBinaries binaries = PostgresBinaries.inPrivateDirectory();
        CredentialsFile credentials = new CredentialsFile(dir);
        boolean cluster = Files.exists(dir.resolve("postgresql.conf"));
        if (!cluster) {
            credentials.deleteIfPresent();
        }
        Optional<CredentialsFile.Passwords> kept = cluster ? credentials.read() : Optional.empty();
        CredentialsFile.Passwords passwords = kept.orElseGet(() -> CredentialsFile.generate(new SecureRandom()));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // The owner closes the server in order, after the calls in flight; a JVM shutdown hook
                // of the library's own would stop it under them (SIGTERM runs all hooks at once).
                .setRegisterShutdownHook(false)
                .setPgBinaryResolver(binaries)
                .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                .setOutputRedirector(output.redirect())
                .setErrorRedirector(output.redirect())
                .setServerConfig("listen_addresses", LOOPBACK)
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("password_encryption", "scram-sha-256")
                // The server's own log goes to log/ in its data directory: a week of daily files.
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", ServerOutput.LOG_DIRECTORY)
                .setServerConfig("log_filename", "postgresql-%a.log")
                .setServerConfig("log_truncate_on_rotation", "on")
                .setServerConfig("log_rotation_age", "1d")
                .setServerConfig("log_rotation_size", "0")
                // The library checks the started server as the superuser, with this password.
                .setConnectConfig("password", passwords.superuser())
                // Runs after initdb (on a new directory) and before the server starts.
                .setDataDirectoryCustomizer(data -> {
                    try {
                        if (kept.isEmpty()) {
                            new SingleUserMode(binaries.postgres(), dir, output).setPassword(SUPERUSER, passwords.superuser());
                            credentials.write(passwords);
                        }
                        HostBasedAuthentication.write(dir);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        if (durability == Durability.DURABLE) {
            // The library starts postgres with -F (fsync off); a later -c setting wins.
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        }
        port.ifPresent(builder::setPort);
        EmbeddedPostgres postgres = builder.start();
        output.debug("start", output.unread());
        return new EmbeddedRegistryServer(postgres, dir, passwords, output);
    }

    private void provisionRegistryRole() throws SQLException {
        Login admin = superuser();
        try (Connection c = DriverManager.getConnection(jdbcUrl(DATABASE), admin.user(), admin.password())) {
            RegistryRole.provision(c, passwords.registry());
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

    /** The file that keeps the generated passwords (0600). */
    public Path credentialsFile() {
        return dataDir.resolve(CredentialsFile.NAME);
    }

    /** The bootstrap superuser, for administration and tests; the registry never uses it. */
    public Login superuser() {
        return new Login(SUPERUSER, passwords.superuser());
    }

    /** The registry's own role: owner of {@value #REGISTRY_SCHEMA} in {@value #DATABASE}, nothing more. */
    public Login registryLogin() {
        return new Login(RegistryRole.NAME, passwords.registry());
    }

    /** A JDBC URL for one database of this server, over loopback (give it a {@link Login}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + LOOPBACK + ":" + port() + "/" + database;
    }

    /** Stops the server; its data stays on disk. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StagingException(ErrorCode.REGISTRY_FAILED,
                    "Stopping the embedded registry PostgreSQL on " + dataDir + " failed: " + e.getMessage(), e);
        } finally {
            output.debug("stop", output.unread());
            output.close();
        }
    }
}
