package io.graphstaging.tests.bench.cluster;

import io.graphstaging.tests.bench.ScratchDirectory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 16's benchmark, not a timed test: staging and materializing 30 graphs (a node table of
 * 200k rows each) through HAProxy on three nodes vs on one node, same machine, same run, same
 * total memory budget, three concurrent clients; then the time from a node's {@code kill -9} to
 * each of its graphs taking a write again through the proxy (the proxy's checks plus the lease
 * term). On one 2-core machine three nodes cannot be faster: the ratio shows what the proxy, the
 * leases and three JVMs cost. Both sides run the same script with a node id, so both keep graph
 * snapshots (each prints how many graphs have one); {@code STAGING_GRAPH_SNAPSHOTS=false} in the
 * environment turns them off on both. {@code -Dbench.rounds=N} (default 1) alternates N rounds of
 * each and reports the median of the rounds' ratios. Run from the repository root after building
 * the server jar:
 * {@code mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.cluster.ScaleOutBenchmark}
 * (needs Debian's haproxy and postgresql).
 */
public final class ScaleOutBenchmark {
    private static final int GRAPHS = 30;
    private static final int CLIENTS = 3;
    private static final int ROWS = 200_000;
    private static final int TOTAL_BUDGET_MIB = 3072;
    private static final int LEASE_SECONDS = 10;
    private static final String BUCKET = "bench";

    private final HttpClient http = HttpClient.newHttpClient();

    private ScaleOutBenchmark() {}

    public static void main(String[] args) throws Exception {
        // exec:java runs in the directory mvn was started in: the root, or staging-tests.
        Path repository = Path.of(args.length > 0 ? args[0] : Files.isDirectory(Path.of("deploy")) ? "." : "..")
                .toAbsolutePath().normalize();
        try (ScratchDirectory scratch = ScratchDirectory.create("scaleout-bench-")) {
            Path parquet = scratch.path().resolve("entities.parquet");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                s.execute("COPY (SELECT 'e' || i AS identifier, i AS amount, 'name ' || i AS name FROM range(0, " + ROWS
                        + ") t(i)) TO '" + parquet + "' (FORMAT parquet)");
            }
            ScaleOutBenchmark bench = new ScaleOutBenchmark();
            int rounds = Integer.getInteger("bench.rounds", 1);
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // Each state directory on its own (the script lets the postgres user through it, not its parents).
                double one = bench.run(repository, Files.createTempDirectory("scaleout-one-"), 1, parquet, false);
                double three = bench.run(repository, Files.createTempDirectory("scaleout-three-"), 3, parquet, true);
                ratios.add(three / one);
                System.out.printf("round %d: %d graphs staged + materialized through the proxy: 1 node %.1f s, "
                        + "3 nodes %.1f s; 3 nodes / 1 node = %.2f%n", round, GRAPHS, one, three, three / one);
            }
            List<Double> sorted = ratios.stream().sorted().toList();
            double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            System.out.printf("3 nodes / 1 node, median of %d round(s): %.2f%n", rounds, median);
        }
    }

    /** Seconds to stage and materialize every graph; with {@code killOne}, then the recovery time. */
    private double run(Path repository, Path state, int nodes, Path parquet, boolean killOne) throws Exception {
        LocalCluster cluster = LocalCluster.start(repository, state, nodes, TOTAL_BUDGET_MIB, LEASE_SECONDS, null);
        try {
            upload(cluster, parquet);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.nanoTime();
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int g = 0; g < GRAPHS; g++) {
                    String graph = "bench-" + g;
                    work.add(clients.submit(() -> {
                        expect200(post(cluster.proxy + "/databases/" + graph + "/tables", "{\"table_name\": \"entities\", "
                                + "\"s3_pattern\": [\"s3://" + BUCKET + "/entities.parquet\"]}"));
                        expect200(post(cluster.proxy + "/databases/" + graph + "/tables/entities/materialize", "{}"));
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                clients.shutdownNow();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d node(s): %d of %d graphs have a latest snapshot%n", nodes, snapshotted(cluster), GRAPHS);
            if (killOne) {
                recovery(cluster);
            }
            return seconds;
        } finally {
            cluster.close();
            cluster.deleteState();
        }
    }

    /** Kills node 1 and times, per graph it held, the first write the proxy gets through again. */
    private void recovery(LocalCluster cluster) throws Exception {
        List<String> held = new ArrayList<>();
        for (int g = 0; g < GRAPHS; g++) {
            if (Files.exists(cluster.nodeDirectory(1).resolve("duckdb-staging").resolve("bench-" + g + ".duckdb"))) {
                held.add("bench-" + g);
            }
        }
        cluster.kill(1);
        long killed = System.nanoTime();
        List<Double> answered = new ArrayList<>();
        for (String graph : held) {
            while (post(cluster.proxy + "/databases/" + graph + "/tables", "{\"table_name\": \"entities\", "
                    + "\"s3_pattern\": [\"s3://" + BUCKET + "/entities.parquet\"]}").statusCode() != 200) {
                if (System.nanoTime() - killed > Duration.ofMinutes(2).toNanos()) {
                    throw new IllegalStateException(graph + " took no write within 2 minutes of the kill");
                }
                Thread.sleep(100);
            }
            answered.add((System.nanoTime() - killed) / 1e9);
        }
        System.out.printf("kill -9 of node 1 (%d of %d graphs, lease %d s): first of its graphs written again after "
                + "%.1f s, last (each re-staged in turn) after %.1f s%n", held.size(), GRAPHS, LEASE_SECONDS,
                answered.isEmpty() ? 0 : answered.get(0), answered.isEmpty() ? 0 : answered.get(answered.size() - 1));
    }

    private static void upload(LocalCluster cluster, Path parquet) {
        try (S3Client s3 = s3(cluster)) {
            s3.createBucket(b -> b.bucket(BUCKET));
            s3.putObject(b -> b.bucket(BUCKET).key("entities.parquet"), RequestBody.fromFile(parquet));
        }
    }

    /** How many graphs have a latest snapshot (deploy/start-local.sh keeps them in graph-snapshots/cluster/). */
    private static long snapshotted(LocalCluster cluster) {
        try (S3Client s3 = s3(cluster)) {
            return s3.listObjectsV2Paginator(b -> b.bucket("graph-snapshots").prefix("cluster/")).contents().stream()
                    .filter(object -> object.key().endsWith("/snapshots/latest")).count();
        }
    }

    private static S3Client s3(LocalCluster cluster) {
        List<String> credentials = cluster.s3Credentials();
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(cluster.s3Endpoint))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(credentials.get(0), credentials.get(1))))
                .build();
    }

    private HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void expect200(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
