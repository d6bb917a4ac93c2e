package io.graphstaging.tests.bench.http;

import io.graphstaging.tests.bench.ScratchDirectory;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;

/**
 * JSON query latency with 16 concurrent clients spread over 4 graphs (4 clients per graph), the
 * server running as a process under {@code -Xmx256m}. Each query is a filtered aggregate over a
 * 100,000-row staged table with a bound parameter ({@link AggregateLoad}). Reports p50 and p99 over
 * all clients.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.http.JsonLatencyBenchmark [-Dexec.args="QUERIES_PER_CLIENT CLIENTS"]
 * </pre>
 */
public final class JsonLatencyBenchmark {
    private static final int DEFAULT_CLIENTS = 16;
    private static final List<String> GRAPHS = List.of("g0", "g1", "g2", "g3");

    private JsonLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_CLIENTS;
        try (ScratchDirectory scratch = ScratchDirectory.create("bench-latency-");
             JarServer server = JarServer.start(scratch.path(), "256m", Map.of())) {
            AggregateLoad.stage(scratch.path(), server, GRAPHS);
            HttpClient http = HttpClient.newHttpClient();
            AggregateLoad.run(http, server.base, clients, 20, GRAPHS); // warm-up: connections, JIT, DuckDB caches
            long start = System.nanoTime();
            List<Long> latencies = AggregateLoad.run(http, server.base, clients, perClient, GRAPHS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%d clients over %d graphs, %,d JSON queries in %.1f s (%.0f queries/s)%n",
                    clients, GRAPHS.size(), latencies.size(), seconds, latencies.size() / seconds);
            System.out.printf("latency p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", AggregateLoad.millis(latencies, 50),
                    AggregateLoad.millis(latencies, 99), AggregateLoad.millis(latencies, 100));
        }
    }
}
