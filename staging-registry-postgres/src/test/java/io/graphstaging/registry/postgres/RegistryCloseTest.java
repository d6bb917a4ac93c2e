package io.graphstaging.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.embedded.EmbeddedRegistryServer;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the registry while a call is in flight, on the real embedded server: the close waits
 * for the call (within a bound), calls that come after the close began are refused as
 * {@code SHUTTING_DOWN} at once, and nothing hangs.
 */
class RegistryCloseTest {
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName TABLE = TableName.of("entities");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private RegistryDatabase database;
    private PostgresFileRegistry registry;
    private EmbeddedRegistryServer server;
    private Connection blocker;

    /** One data directory for the class: the second test restarts it rather than making a new cluster. */
    @TempDir
    static Path dir;

    @BeforeEach
    void open() throws SQLException {
        database = RegistryDatabase.open(RegistryConfig.embedded(dir.resolve("registry")));
        new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
        registry = new PostgresFileRegistry(database, new SortableIds());
        registry.registerTable(GRAPH, TABLE, TableKind.NODE);
        server = database.embedded().orElseThrow();
        EmbeddedRegistryServer.Login login = server.registryLogin();
        blocker = DriverManager.getConnection(server.jdbcUrl(EmbeddedRegistryServer.DATABASE), login.user(), login.password());
    }

    @AfterEach
    void close() throws SQLException {
        threads.shutdownNow();
        try {
            blocker.close();
        } finally {
            database.close();
        }
    }

    /** Locks the table's row as another transaction, so that recording its staging waits in PostgreSQL. */
    private void lockTheTableRow() throws SQLException {
        blocker.setAutoCommit(false);
        try (Statement s = blocker.createStatement()) {
            s.execute("SELECT * FROM graph_tables WHERE table_name = 'entities' FOR UPDATE");
        }
    }

    /** Starts a recording and returns once PostgreSQL reports it waiting for the row lock. */
    private Future<?> recordingInFlight() throws Exception {
        Future<?> recording = threads.submit(() -> registry.recordStaging(GRAPH, TABLE, Map.of(), List.of(), 7));
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = blocker.createStatement();
                 var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                         + "AND application_name = 'graph-staging'")) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    return recording;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the recording never waited for the lock");
    }

    private static void shuttingDown(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }

    private boolean serverAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void closeWaitsForACallInFlightAndRefusesLaterOnes() throws Exception {
        lockTheTableRow();
        Future<?> recording = recordingInFlight();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> database.close(PATIENCE), threads);
        // The close has begun once a new call is refused; it must not have stopped anything yet.
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!database.closing() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        shuttingDown(() -> registry.findTable(GRAPH, TABLE));
        shuttingDown(registry::checkHealth);
        assertThat(closing).isNotDone();
        assertThat(recording).isNotDone();
        assertThat(serverAnswers()).isTrue();

        blocker.commit();

        recording.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        closing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(serverAnswers()).as("the embedded server stopped").isFalse();
        shuttingDown(() -> registry.listFiles(GRAPH, TABLE));
    }

    @Test
    void aCallStuckPastTheBoundFailsAsShuttingDownAndTheCloseEnds() throws Exception {
        lockTheTableRow();
        Future<?> recording = recordingInFlight();

        CompletableFuture.runAsync(() -> database.close(Duration.ofMillis(300)), threads)
                .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertThatThrownBy(() -> recording.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        assertThat(serverAnswers()).isFalse();
    }
}
