package io.graphstaging.tests.bench.http;

import io.graphstaging.tests.bench.WorkDirectories;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * JSON query latency with 16 concurrent clients spread over 4 graphs (4 clients per graph), the
 * server running as a process under {@code -Xmx256m}. Each query is a filtered aggregate over a
 * 100,000-row staged table with a bound parameter. Reports p50 and p99 over all clients.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.http.JsonLatencyBenchmark [-Dexec.args="QUERIES_PER_CLIENT CLIENTS"]
 * </pre>
 */
public final class JsonLatencyBenchmark {
    private static final int DEFAULT_CLIENTS = 16;
    private static final int GRAPHS = 4;

    private JsonLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_CLIENTS;
        Path work = Files.createTempDirectory("bench-latency-");
        try {
            Path parquet = Files.createDirectories(work.resolve("data/object-store/bench")).resolve("events.parquet");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                s.execute("COPY (SELECT i AS id, (i % 16)::INTEGER AS bucket, (i % 997) * 0.25::DOUBLE AS amount,"
                        + " 'label-' || (i % 100) AS label FROM range(0, 100000) t(i)) TO '" + parquet + "' (FORMAT parquet)");
            }
            try (JarServer server = JarServer.start(work, "256m", Map.of())) {
                HttpClient http = HttpClient.newHttpClient();
                for (int g = 0; g < GRAPHS; g++) {
                    HttpResponse<String> staged = http.send(HttpRequest.newBuilder(URI.create(server.base + "/databases/g" + g + "/tables"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"table_name\": \"events\", \"s3_pattern\": \"s3://bench/events.parquet\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (staged.statusCode() != 200) {
                        throw new IllegalStateException("staging failed: " + staged.body());
                    }
                }
                run(http, server.base, clients, 20); // warm-up: connections, JIT, DuckDB caches
                long start = System.nanoTime();
                long[] latencies = run(http, server.base, clients, perClient);
                double seconds = (System.nanoTime() - start) / 1e9;
                Arrays.sort(latencies);
                System.out.printf("%d clients over %d graphs, %,d JSON queries in %.1f s (%.0f queries/s)%n",
                        clients, GRAPHS, latencies.length, seconds, latencies.length / seconds);
                System.out.printf("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        percentile(latencies, 0.50), percentile(latencies, 0.99), latencies[latencies.length - 1] / 1e6);
            }
        } finally {
            WorkDirectories.delete(work);
        }
    }

    /** Every client sends {@code queries} queries one after another; returns all latencies in nanoseconds. */
    private static long[] run(HttpClient http, String base, int clientCount, int queries) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(clientCount);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int client = 0; client < clientCount; client++) {
                String graph = "g" + (client % GRAPHS);
                results.add(clients.submit(() -> {
                    long[] latencies = new long[queries];
                    for (int q = 0; q < queries; q++) {
                        int bucket = ThreadLocalRandom.current().nextInt(16);
                        String body = "{\"sql\": \"SELECT label, count(*) AS n, sum(amount) AS total FROM events"
                                + " WHERE bucket = ? GROUP BY label ORDER BY label LIMIT 10\", \"parameters\": [" + bucket + "]}";
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                        URI.create(base + "/databases/" + graph + "/tables/query"))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        latencies[q] = System.nanoTime() - t0;
                        if (response.statusCode() != 200 || !response.body().contains("\"row_count\":10")) {
                            throw new IllegalStateException("query failed: " + response.statusCode() + " " + response.body());
                        }
                    }
                    return latencies;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> f : results) {
                for (long l : f.get()) {
                    all.add(l);
                }
            }
            return all.stream().mapToLong(Long::longValue).toArray();
        } finally {
            clients.shutdownNow();
        }
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
