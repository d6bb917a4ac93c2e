package io.graphstaging.tests.bench.http;

import io.graphstaging.tests.bench.Percentiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The latency benchmarks' load: a 100,000-row {@code events} table staged in each graph, and
 * clients each sending JSON queries one after another (a filtered aggregate with a bound
 * parameter), spread over the graphs.
 */
final class AggregateLoad {
    private AggregateLoad() {}

    /** Writes the events file under the server's local object store and stages it in each graph. */
    static void stage(Path workDir, JarServer server, List<String> graphs) throws Exception {
        Path parquet = Files.createDirectories(workDir.resolve("data/object-store/bench")).resolve("events.parquet");
        if (!Files.exists(parquet)) {
            writeEvents(parquet);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (String graph : graphs) {
            HttpResponse<String> staged = http.send(HttpRequest.newBuilder(URI.create(server.base + "/databases/" + graph + "/tables"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"table_name\": \"events\", \"s3_pattern\": \"s3://bench/events.parquet\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (staged.statusCode() != 200) {
                throw new IllegalStateException("staging failed: " + staged.body());
            }
        }
    }

    private static void writeEvents(Path parquet) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("COPY (SELECT i AS id, (i % 16)::INTEGER AS bucket, (i % 997) * 0.25::DOUBLE AS amount,"
                    + " 'label-' || (i % 100) AS label FROM range(0, 100000) t(i)) TO '" + parquet + "' (FORMAT parquet)");
        }
    }

    /**
     * Every client sends {@code queries} queries one after another, client {@code i} to graph
     * {@code i % graphs.size()}; returns all latencies in nanoseconds.
     */
    static List<Long> run(HttpClient http, String base, int clientCount, int queries, List<String> graphs) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(clientCount);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int client = 0; client < clientCount; client++) {
                String graph = graphs.get(client % graphs.size());
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
            return all;
        } finally {
            clients.shutdownNow();
        }
    }

    /** The {@code percent}-th percentile of nanosecond latencies, in milliseconds. */
    static double millis(List<Long> latencies, int percent) {
        return Percentiles.of(latencies, percent) / 1e6;
    }
}
