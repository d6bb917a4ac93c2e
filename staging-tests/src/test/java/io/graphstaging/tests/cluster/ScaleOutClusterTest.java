package io.graphstaging.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.tests.bench.cluster.LocalCluster;
import io.graphstaging.tests.e2e.ParquetFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 16 on the topology deploy/start-local.sh starts (HAProxy, PostgreSQL, S3Proxy, three
 * nodes), driven only through the proxy except where a test must reach one node: graphs spread
 * over the nodes by their id; a node refuses a graph another node holds; a node killed with
 * {@code kill -9} is taken out by the proxy's readiness checks and its graphs are written by the
 * others once their leases run out. Runs with {@code -Pcluster} (minutes; Debian's haproxy and
 * postgresql), not in {@code mvn verify}.
 */
@Tag("cluster")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScaleOutClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BUCKET = "cluster";
    private static final int GRAPHS = 12;
    private static final int LEASE_SECONDS = 5;

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalCluster cluster;

    @BeforeAll
    void start(@TempDir Path files) throws IOException {
        Path repository = Path.of("..").toAbsolutePath().normalize();
        Path state = Files.createTempDirectory("cluster-state-");
        cluster = LocalCluster.start(repository, state, 3, 3072, LEASE_SECONDS, testClassPath());
        List<String> credentials = cluster.s3Credentials();
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(cluster.s3Endpoint))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.get(0), credentials.get(1))))
                .build()) {
            s3.createBucket(b -> b.bucket(BUCKET));
            Path parquet = ParquetFiles.write(files.resolve("e.parquet"),
                    "SELECT 'e' || i AS identifier, i AS amount FROM range(0, 100) t(i)");
            s3.putObject(b -> b.bucket(BUCKET).key("e.parquet"), RequestBody.fromFile(parquet));
            Path people = ParquetFiles.write(files.resolve("p.parquet"),
                    "SELECT 'p' || i AS identifier, i AS age FROM range(0, 40) t(i)");
            s3.putObject(b -> b.bucket(BUCKET).key("p.parquet"), RequestBody.fromFile(people));
        }
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
            cluster.deleteState();
        }
    }

    /** Surefire's own class path (the booter jar's manifest hides it from java.class.path). */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    private HttpResponse<String> create(String base, String graph) {
        return post(base + "/databases/" + graph + "/tables", "{\"table_name\": \"entities\", \"s3_pattern\": "
                + "[\"s3://" + BUCKET + "/e.parquet\"]}");
    }

    private HttpResponse<String> post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The node whose staging directory holds the graph's database, 0 when none does. */
    private int holder(String graph) {
        int found = 0;
        for (int i = 1; i <= cluster.nodes; i++) {
            if (Files.exists(cluster.nodeDirectory(i).resolve("duckdb-staging").resolve(graph + ".duckdb"))) {
                assertThat(found).as("graph %s staged on two nodes", graph).isZero();
                found = i;
            }
        }
        return found;
    }

    /** The node whose graph directory holds the graph's database, 0 when none does. */
    private int graphHolder(String graph) {
        int found = 0;
        for (int i = 1; i <= cluster.nodes; i++) {
            if (Files.exists(cluster.nodeDirectory(i).resolve("lbug-dbs").resolve(graph + ".lbug"))) {
                assertThat(found).as("graph %s created on two nodes", graph).isZero();
                found = i;
            }
        }
        return found;
    }

    @Test
    void aGraphCreatedWithItsIdInTheBodyLandsOnTheNodeThatStagesIt() {
        // POST /databases reaches one node (the proxy hashes "/databases"); it is sent on to the graph's node.
        List<Integer> nodes = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            String graph = "created-" + g;
            HttpResponse<String> created = post(cluster.proxy + "/databases", "{\"graph_id\": \"" + graph + "\", "
                    + "\"schema_type\": \"custom\", \"custom_schema_ddl\": "
                    + "\"CREATE NODE TABLE entities(identifier STRING, amount INT64, PRIMARY KEY(identifier))\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            HttpResponse<String> staged = create(cluster.proxy, graph);
            assertThat(staged.statusCode()).as(staged.body()).isEqualTo(200);
            assertThat(graphHolder(graph)).as("graph %s", graph).isNotZero().isEqualTo(holder(graph));
            nodes.add(holder(graph));
        }
        assertThat(nodes.stream().distinct().count()).as("nodes %s", nodes).isGreaterThan(1);
    }

    /** A node table staged through the registry (so any node can rebuild it) and materialized. */
    private void registerAndMaterialize(String graph) {
        String base = cluster.proxy + "/databases/" + graph;
        for (HttpResponse<String> step : List.of(
                post(base + "/registry/tables", "{\"table_name\": \"people\", \"table_type\": \"node\"}"),
                post(base + "/registry/tables/people/files", "{\"s3_key\": \"s3://" + BUCKET + "/p.parquet\", "
                        + "\"file_name\": \"p.parquet\", \"file_size_bytes\": 1, \"upload_status\": \"completed\"}"),
                post(base + "/tables/people/refresh", ""),
                post(base + "/tables/people/materialize", "{}"))) {
            assertThat(step.statusCode()).as(step.body()).isBetween(200, 201);
        }
    }

    /** Staged rows of people and graph nodes of people, read through the proxy; empty until both answer. */
    private Optional<List<Long>> peopleCounts(String graph) {
        HttpResponse<String> staged = post(cluster.proxy + "/databases/" + graph + "/tables/query",
                "{\"sql\": \"SELECT count(*) FROM people\"}");
        HttpResponse<String> nodes = post(cluster.proxy + "/databases/" + graph + "/query",
                "{\"cypher\": \"MATCH (p:people) RETURN count(p) AS n\"}");
        if (staged.statusCode() != 200 || nodes.statusCode() != 200) {
            return Optional.empty();
        }
        return Optional.of(List.of(json(staged).get("rows").get(0).get(0).asLong(),
                json(nodes).get("data").get(0).get("n").asLong()));
    }

    @Test
    void graphsSpreadOverTheNodesAndADeadNodesGraphsAreWrittenByTheOthers() throws Exception {
        Map<String, Integer> holders = new HashMap<>();
        Map<String, List<Long>> counts = new HashMap<>();
        for (int g = 0; g < GRAPHS; g++) {
            String graph = "spread-" + g;
            HttpResponse<String> created = create(cluster.proxy, graph);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            assertThat(json(created).get("row_count").asLong()).isEqualTo(100);
            holders.put(graph, holder(graph));
            registerAndMaterialize(graph);
            counts.put(graph, peopleCounts(graph).orElseThrow());
            assertThat(counts.get(graph)).containsExactly(40L, 40L);
        }
        assertThat(holders.values()).doesNotContain(0);
        assertThat(holders.values().stream().distinct().count()).as("nodes holding graphs: %s", holders)
                .isEqualTo(3);

        // A node asked directly for a graph another node holds refuses to write it.
        String someGraph = "spread-0";
        int other = holders.get(someGraph) % 3 + 1;
        HttpResponse<String> refused = create(cluster.node(other), someGraph);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json(refused).get("code").asText()).isEqualTo("graph_owned_elsewhere");

        // kill -9 the node holding spread-0; the proxy's checks take it out, its graphs move on.
        int victim = holders.get(someGraph);
        List<String> orphans = new ArrayList<>();
        holders.forEach((graph, node) -> {
            if (node == victim) {
                orphans.add(graph);
            }
        });
        cluster.kill(victim);
        Instant killed = Instant.now();
        // Its graphs answer from another node with what they held: the graph from its snapshot,
        // staging from the registry.
        for (String graph : orphans) {
            Optional<List<Long>> after;
            do {
                after = peopleCounts(graph);
                if (after.isEmpty()) {
                    Thread.sleep(250);
                }
            } while (after.isEmpty() && Duration.between(killed, Instant.now()).toSeconds() < 60);
            assertThat(after).as("graph %s after kill -9", graph).contains(counts.get(graph));
        }
        System.out.printf("cluster: %d graphs of the killed node restored (staged and graph counts equal) %d ms after kill -9%n",
                orphans.size(), Duration.between(killed, Instant.now()).toMillis());
        for (String graph : orphans) {
            HttpResponse<String> written;
            do {
                written = create(cluster.proxy, graph);
                if (written.statusCode() != 200) {
                    Thread.sleep(250);
                }
            } while (written.statusCode() != 200 && Duration.between(killed, Instant.now()).toSeconds() < 60);
            assertThat(written.statusCode()).as(written.body()).isEqualTo(200);
            assertThat(json(written).get("row_count").asLong()).isEqualTo(100);
        }
        System.out.printf("cluster: %d graphs of the killed node written again through the proxy %d ms after kill -9%n",
                orphans.size(), Duration.between(killed, Instant.now()).toMillis());
        // Graphs of the living nodes never moved.
        holders.forEach((graph, node) -> {
            if (node != victim) {
                HttpResponse<String> tables = send(HttpRequest.newBuilder(
                        URI.create(cluster.proxy + "/databases/" + graph + "/tables")).GET());
                assertThat(tables.statusCode()).isEqualTo(200);
                assertThat(tables.body()).contains("entities");
            }
        });

        // A whole-cluster restart (every node, the proxy, the registry and the store) keeps every graph.
        cluster.close();
        cluster.restart();
        Instant restarted = Instant.now();
        for (Map.Entry<String, List<Long>> expected : counts.entrySet()) {
            Optional<List<Long>> after;
            do {
                after = peopleCounts(expected.getKey());
                if (after.isEmpty()) {
                    Thread.sleep(250);
                }
            } while (after.isEmpty() && Duration.between(restarted, Instant.now()).toSeconds() < 60);
            assertThat(after).as("graph %s after the restart", expected.getKey()).contains(expected.getValue());
        }
    }
}
