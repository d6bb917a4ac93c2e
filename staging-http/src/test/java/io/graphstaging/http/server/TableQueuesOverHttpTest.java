package io.graphstaging.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphQueries;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.testing.InMemoryTaskStore;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.bootstrap.PlatformModule;
import io.graphstaging.http.bootstrap.ServerAssembly;
import io.graphstaging.http.config.HttpConfig;
import io.graphstaging.http.error.PathRedaction;
import io.graphstaging.http.testing.BlockingStore;
import io.graphstaging.http.testing.IdleMaintenance;
import io.graphstaging.http.testing.ScriptedQueries;
import io.graphstaging.http.testing.UnusedPorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-table queues as clients see them (the HTTP API's queue rules): a call waiting for its turn
 * holds no server thread, a graph with too many calls waiting refuses the next one at once (503),
 * a call that waits too long is a 409. The store behind holds drops of graph {@code busy} until
 * released, so the first drop keeps the table's turn.
 */
class TableQueuesOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUSY_TABLE = "/databases/busy/tables/people";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final BlockingStore store = new BlockingStore();
    private final IdleMaintenance maintenance = new IdleMaintenance();
    private ServerAssembly server;
    private String base;

    private void start(HttpConfig config) {
        Module ports = new AbstractModule() {
            @Override
            protected void configure() {
                bind(StagingStore.class).toInstance(store);
                bind(StagingQueries.class).toInstance(new ScriptedQueries());
                bind(StagingMaintenance.class).toInstance(maintenance);
                bind(FileRegistry.class).toInstance(new InMemoryFileRegistry());
                bind(TaskStore.class).toInstance(new InMemoryTaskStore(Clock.systemUTC()));
                bind(ObjectStore.class).toInstance(UnusedPorts.of(ObjectStore.class));
                bind(GraphSink.class).toInstance(UnusedPorts.of(GraphSink.class));
                bind(GraphQueries.class).toInstance(UnusedPorts.of(GraphQueries.class));
                bind(GraphSchema.class).toInstance(UnusedPorts.of(GraphSchema.class));
                bind(SyncPlanner.class).toInstance(UnusedPorts.of(SyncPlanner.class));
            }
        };
        // The platform-wide values (query limits and what enforces them) as the composition binds them.
        Module platform = new PlatformModule(new SpoolDirectory(Path.of("unused-spool")), MemoryBudget.unlimited(),
                QueryLimits.defaults(Runtime.getRuntime().maxMemory(), 2));
        server = ServerAssembly.create(config, PathRedaction.none(), Clock.systemUTC(), List.of(platform, ports));
        base = "http://127.0.0.1:" + server.start();
    }

    private static HttpConfig config() {
        return HttpConfig.defaults().withListenAddress("127.0.0.1", 0).withShutdownGrace(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        store.release.countDown();
        if (server != null) {
            server.close();
        }
    }

    private CompletableFuture<HttpResponse<String>> delete(String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).DELETE().timeout(Duration.ofSeconds(90)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, Duration timeout) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int waitingOnBusy() {
        return server.injector().getInstance(TableLocks.class).waitingCalls(BlockingStore.BUSY);
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void callsWaitingForATableHoldNoServerThread() throws Exception {
        start(config().withMaxWaitingCalls(1_000).withTableLockWait(Duration.ofSeconds(90)));
        CompletableFuture<HttpResponse<String>> first = delete(BUSY_TABLE);
        eventually(() -> store.dropsStarted.get() == 1, "the first drop runs");

        // More waiting calls than Jetty has threads (250): were each to hold one, nothing else would be served.
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            waiting.add(delete(BUSY_TABLE));
        }
        eventually(() -> waitingOnBusy() == 300, "300 calls wait for the table");

        assertThat(get("/health", Duration.ofSeconds(10)).statusCode()).isEqualTo(200);
        HttpResponse<String> otherGraph = delete("/databases/quiet/tables/people").get(10, TimeUnit.SECONDS);
        assertThat(otherGraph.statusCode()).as(otherGraph.body()).isEqualTo(200);
        assertThat(store.dropsStarted.get()).as("the busy table's calls still wait").isEqualTo(2);

        store.release.countDown();
        assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        for (CompletableFuture<HttpResponse<String>> call : waiting) {
            assertThat(call.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(store.dropsStarted.get()).isEqualTo(302);
        assertThat(server.injector().getInstance(TableLocks.class).activeGraphs()).as("the queues are gone").isZero();
    }

    @Test
    void pastTheWaitingCapTheNextCallIsRefusedAtOnce() throws Exception {
        start(config().withMaxWaitingCalls(2).withTableLockWait(Duration.ofSeconds(90)));
        CompletableFuture<HttpResponse<String>> first = delete(BUSY_TABLE);
        eventually(() -> store.dropsStarted.get() == 1, "the first drop runs");
        CompletableFuture<HttpResponse<String>> second = delete(BUSY_TABLE);
        CompletableFuture<HttpResponse<String>> third = delete("/databases/busy/tables/PEOPLE");
        eventually(() -> waitingOnBusy() == 2, "two calls wait");

        HttpResponse<String> refused = delete(BUSY_TABLE).get(10, TimeUnit.SECONDS);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(json(refused).get("code").asText()).isEqualTo("too_many_waiting_calls");
        store.release.countDown();
        assertThat(List.of(first, second, third)).allSatisfy(call ->
                assertThat(call.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200));
    }

    @Test
    void aCallWaitingPastTheLockWaitIsAConflict() throws Exception {
        start(config().withTableLockWait(Duration.ofMillis(300)));
        CompletableFuture<HttpResponse<String>> first = delete(BUSY_TABLE);
        eventually(() -> store.dropsStarted.get() == 1, "the first drop runs");

        HttpResponse<String> busy = delete("/databases/busy/tables/People").get(30, TimeUnit.SECONDS);

        assertThat(busy.statusCode()).as(busy.body()).isEqualTo(409);
        assertThat(json(busy).get("code").asText()).isEqualTo("table_busy");
        assertThat(json(busy).get("detail").asText()).contains("People").contains("busy");
        assertThat(waitingOnBusy()).isZero();
        store.release.countDown();
        assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(store.dropsStarted.get()).as("the refused call never ran").isEqualTo(1);
    }

    @Test
    void aGraphCleanupWaitsForTheGraphsQueuedWork() throws Exception {
        start(config().withTableLockWait(Duration.ofSeconds(90)));
        CompletableFuture<HttpResponse<String>> first = delete(BUSY_TABLE);
        eventually(() -> store.dropsStarted.get() == 1, "the first drop runs");

        CompletableFuture<HttpResponse<String>> cleanup = delete("/databases/busy/staging");
        eventually(() -> waitingOnBusy() == 1, "the cleanup waits");
        CompletableFuture<HttpResponse<String>> otherTable = delete("/databases/busy/tables/links");
        eventually(() -> waitingOnBusy() == 2, "a later call on another table waits behind the cleanup");

        assertThat(cleanup).isNotDone();
        assertThat(otherTable).isNotDone();
        store.release.countDown();
        assertThat(first.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(cleanup.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(otherTable.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(maintenance.cleanedAtNanos.get()).as("the cleanup ran before the call queued after it")
                .isPositive().isLessThan(store.dropStartedAt.get("busy/links"));
    }
}
