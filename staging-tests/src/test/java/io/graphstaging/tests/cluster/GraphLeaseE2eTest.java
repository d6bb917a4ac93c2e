package io.graphstaging.tests.cluster;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import io.graphstaging.tests.e2e.E2eServer;
import io.graphstaging.tests.e2e.ParquetFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real server processes sharing one registry and one object store (issue 16): the readiness
 * route, and the per-graph write lease that keeps a second node from writing a graph the first
 * holds, until the first dies and its lease runs out; the auth lockout of a create one node
 * forwards to the other counts the real client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class GraphLeaseE2eTest {
    private static final String BUCKET = "e2e-lease";
    private static final String SNAPSHOTS = "e2e-lease-snapshots";
    private static final String LEASE_SECONDS = "3";
    private static final String KEY = "lease-test-key";

    private E2eServer first;
    private E2eServer second;

    @BeforeAll
    void start(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path files) throws IOException {
        s3.createBucket(BUCKET);
        s3.createBucket(SNAPSHOTS);
        s3.putObject(BUCKET, "e.parquet", ParquetFiles.write(files.resolve("e.parquet"),
                "SELECT 'e' || i AS identifier, i AS amount FROM range(0, 100) t(i)"));
        Path firstDir = Files.createTempDirectory("lease-node-1-");
        // Both trust 127.0.0.1: the test's own client, and the nodes themselves as they forward a create.
        Map<String, String> firstEnv = new HashMap<>(E2eServer.environment(s3, postgres, firstDir, Map.of(
                "STAGING_NODE_ID", "node-1", "STAGING_GRAPH_LEASE_SECONDS", LEASE_SECONDS,
                "STAGING_API_KEY", KEY, "STAGING_GRAPH_SNAPSHOT_URI", "s3://" + SNAPSHOTS + "/lease",
                "STAGING_TRUSTED_PROXIES", "127.0.0.1")));
        // The second node: the same registry and store, its own directories and node id.
        Path secondDir = Files.createTempDirectory("lease-node-2-");
        Map<String, String> secondEnv = new HashMap<>(firstEnv);
        secondEnv.put("STAGING_NODE_ID", "node-2");
        secondEnv.put("DUCKDB_STAGING_DIR", secondDir.resolve("duckdb-staging").toString());
        secondEnv.put("LBUG_DATABASE_DIR", secondDir.resolve("lbug-dbs").toString());
        second = E2eServer.startIn(secondDir, secondEnv);
        // The first node's "proxy" is the second node itself: a create it forwards lands there.
        firstEnv.put("STAGING_PROXY_URL", second.base);
        first = E2eServer.startIn(firstDir, firstEnv);
        first.withHeader("X-Graph-API-Key", KEY);
        second.withHeader("X-Graph-API-Key", KEY);
    }

    @AfterAll
    void stop() throws IOException {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    private static HttpResponse<String> create(E2eServer node, String graph) {
        return node.post("/databases/" + graph + "/tables",
                Map.of("table_name", "entities", "s3_pattern", List.of("s3://" + BUCKET + "/e.parquet")));
    }

    @Test
    void readyNeedsNoKeyAndNamesWhatIsWrongWhenADataDirectoryTakesNoFile() throws Exception {
        HttpResponse<String> ready = first.send(HttpRequest.newBuilder(URI.create(first.base + "/ready")).GET());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        JsonNode body = json(ready);
        assertThat(body.get("status").asText()).isEqualTo("ready");
        assertThat(body.get("checks").get("registry").asText()).isEqualTo("ok");
        assertThat(body.get("checks").get("data_directories").asText()).isEqualTo("ok");

        // The graph directory replaced by a plain file: the node can no longer write graphs.
        Path graphs = second.dir.resolve("lbug-dbs");
        Path aside = second.dir.resolve("lbug-dbs-aside");
        Files.move(graphs, aside);
        Files.writeString(graphs, "not a directory");
        try {
            JsonNode notReady = awaitReady(second, 503);
            assertThat(notReady.get("status").asText()).isEqualTo("not_ready");
            assertThat(notReady.get("checks").get("data_directories").asText())
                    .contains("LBUG_DATABASE_DIR").doesNotContain(second.dir.toString());
        } finally {
            Files.delete(graphs);
            Files.move(aside, graphs);
        }
        assertThat(awaitReady(second, 200).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void aGraphHeldByOneNodeIsRefusedToTheOtherUntilTheHolderIsDeletedOrDead() throws Exception {
        HttpResponse<String> created = create(first, "leased");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        HttpResponse<String> refused = create(second, "leased");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("code").asText()).isEqualTo("graph_owned_elsewhere");
        assertThat(json(refused).get("detail").asText()).contains("node-1");
        // Reads and the shared registry are not writes of the graph's files.
        assertThat(second.get("/databases/leased/tables").statusCode()).isEqualTo(200);
        // Renewed by its holder, the lease outlives its term.
        Thread.sleep(Duration.ofSeconds(Long.parseLong(LEASE_SECONDS) * 2).toMillis());
        assertThat(create(second, "leased").statusCode()).isEqualTo(409);
        assertThat(first.post("/databases/leased/tables/entities/refresh", "{}").statusCode()).isNotEqualTo(409);

        // A deleted graph's lease is released: any node may create it again.
        assertThat(first.delete("/databases/leased").statusCode()).isEqualTo(200);
        HttpResponse<String> recreated = create(second, "leased");
        assertThat(recreated.statusCode()).as(recreated.body()).isEqualTo(200);
        assertThat(create(first, "leased").statusCode()).isEqualTo(409);
    }

    @Test
    void aDeadNodesGraphIsTakenOverOnceItsLeaseRunsOut() throws Exception {
        Path dir = Files.createTempDirectory("lease-node-3-");
        E2eServer doomed = E2eServer.startIn(dir, nodeEnv("node-3", dir));
        doomed.withHeader("X-Graph-API-Key", KEY);
        try {
            assertThat(create(doomed, "orphaned").statusCode()).isEqualTo(200);
            assertThat(create(second, "orphaned").statusCode()).isEqualTo(409);
            doomed.kill();
            Instant killed = Instant.now();
            HttpResponse<String> taken;
            do {
                Thread.sleep(250);
                taken = create(second, "orphaned");
            } while (taken.statusCode() == 409 && Duration.between(killed, Instant.now()).toSeconds() < 30);
            assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
            assertThat(json(taken).get("row_count").asLong()).isEqualTo(100);
        } finally {
            doomed.close();
        }
    }

    /**
     * Clients on their own loopback addresses (127.0.0.2...): the owner's lockout counts the real
     * client of a create another node forwarded to it, a client's own {@code X-Forwarded-For} is
     * never believed, and behind a trusted proxy that appends its line (as HAProxy does) the last
     * line names the client, not a line the client sent.
     */
    @Test
    void theLockoutCountsTheRealClientThroughForwardingAndTrustedProxiesOnly() throws IOException {
        String tables = "/tasks"; // any route behind the key
        for (int i = 1; i <= 10; i++) {
            assertThat(Raw.send("127.0.0.2", second.base, "GET", tables, "guess-" + i, List.of(), "").status())
                    .as("attempt %d", i).isEqualTo(401);
        }
        assertThat(Raw.send("127.0.0.2", second.base, "GET", tables, KEY, List.of(), "").status()).isEqualTo(429);

        // The locked-out client creates a graph through the other node, which forwards it to the owner.
        String create = "{\"graph_id\": \"%s\", \"schema_type\": \"custom\", \"custom_schema_ddl\": "
                + "\"CREATE NODE TABLE person(identifier INT64, PRIMARY KEY(identifier));\"}";
        Raw.Answer forwarded = Raw.send("127.0.0.2", first.base, "POST", "/databases", KEY, List.of(),
                create.formatted("forwarded_locked"));
        assertThat(forwarded.status()).as(forwarded.body()).isEqualTo(429);
        assertThat(forwarded.body()).contains("too_many_auth_failures");
        Raw.Answer other = Raw.send("127.0.0.3", first.base, "POST", "/databases", KEY, List.of(),
                create.formatted("forwarded_open"));
        assertThat(other.status()).as(other.body()).isBetween(200, 201);

        // From an untrusted address the header is the client's word: its own address counts.
        assertThat(Raw.send("127.0.0.4", second.base, "GET", tables, KEY, List.of("127.0.0.2"), "").status())
                .isEqualTo(200);
        // Through a trusted proxy, every line counts and the proxy's appended last line names the client.
        assertThat(Raw.send("127.0.0.1", second.base, "GET", tables, KEY, List.of("127.0.0.5", "127.0.0.2"), "")
                .status()).as("the locked-out client behind the proxy").isEqualTo(429);
        assertThat(Raw.send("127.0.0.1", second.base, "GET", tables, KEY, List.of("127.0.0.2", "127.0.0.5"), "")
                .status()).as("a client naming the locked-out address in its own line").isEqualTo(200);
    }

    private Map<String, String> nodeEnv(String node, Path dir) {
        Map<String, String> env = new HashMap<>(first.settings());
        env.put("STAGING_NODE_ID", node);
        env.put("DUCKDB_STAGING_DIR", dir.resolve("duckdb-staging").toString());
        env.put("LBUG_DATABASE_DIR", dir.resolve("lbug-dbs").toString());
        return env;
    }

    /** Readiness is probed at most once a second: waits (up to 10 s) for the expected status. */
    private static JsonNode awaitReady(E2eServer node, int status) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(10);
        HttpResponse<String> ready;
        do {
            ready = node.send(HttpRequest.newBuilder(URI.create(node.base + "/ready")).GET());
            if (ready.statusCode() == status) {
                return json(ready);
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(until));
        throw new AssertionError("/ready stayed " + ready.statusCode() + ": " + ready.body());
    }

    /**
     * HTTP/1.1 over a socket bound to a chosen loopback address (Java's HTTP client cannot pick
     * its source address), with each {@code X-Forwarded-For} value as a line of its own.
     */
    private static final class Raw {
        record Answer(int status, String body) {}

        static Answer send(String from, String base, String method, String path, String key, List<String> forwardedFor,
                           String body) throws IOException {
            URI uri = URI.create(base);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\nConnection: close\r\nX-Graph-API-Key: " + key + "\r\n");
            forwardedFor.forEach(line -> head.append("X-Forwarded-For: ").append(line).append("\r\n"));
            if (content.length > 0) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
                out.write(content);
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int status = Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
                return new Answer(status, answer.substring(answer.indexOf("\r\n\r\n") + 4));
            }
        }
    }
}
