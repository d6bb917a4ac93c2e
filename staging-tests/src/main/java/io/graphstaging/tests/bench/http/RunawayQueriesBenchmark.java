package io.graphstaging.tests.bench.http;

import io.graphstaging.tests.bench.ScratchDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether runaway queries on one graph hurt the others: 16 clients run 100,000-row aggregates
 * ({@link AggregateLoad}) on three graphs, first alone (the baseline), then while three runaway
 * queries ({@code count(*)} over {@code range(10^13)}) run on a fourth graph, in the same server
 * and the same run. Reports both p99 latencies and their ratio (the goal is at most 2). The
 * runaway queries run under a 60 s time limit ({@code STAGING_QUERY_TIMEOUT_SECONDS}); their
 * clients leave when the measurement ends, which stops them.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.http.RunawayQueriesBenchmark [-Dexec.args="QUERIES_PER_CLIENT"]
 * </pre>
 */
public final class RunawayQueriesBenchmark {
    private static final int CLIENTS = 16;
    private static final List<String> GRAPHS = List.of("g0", "g1", "g2");
    private static final String RUNAWAY_GRAPH = "runaway";
    private static final String RUNAWAY_SQL = "SELECT count(*) FROM range(10000000000000) t(i) WHERE i % 7 = 3";

    private RunawayQueriesBenchmark() {}

    public static void main(String[] args) throws Exception {
        int perClient = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        try (ScratchDirectory scratch = ScratchDirectory.create("bench-runaway-");
             JarServer server = JarServer.start(scratch.path(), "512m", Map.of("STAGING_QUERY_TIMEOUT_SECONDS", "60"))) {
            List<String> all = new ArrayList<>(GRAPHS);
            all.add(RUNAWAY_GRAPH);
            AggregateLoad.stage(scratch.path(), server, all);
            HttpClient http = HttpClient.newHttpClient();
            AggregateLoad.run(http, server.base, CLIENTS, 10, GRAPHS); // warm-up: connections, JIT, DuckDB caches

            List<Long> alone = AggregateLoad.run(http, server.base, CLIENTS, perClient, GRAPHS);
            List<Socket> runaways = new ArrayList<>();
            List<Long> beside;
            try {
                for (int i = 0; i < 3; i++) {
                    runaways.add(startRunaway(URI.create(server.base)));
                }
                Thread.sleep(1_000);
                System.out.println("runaway queries computing: " + runawayConnections(http, server.base));
                beside = AggregateLoad.run(http, server.base, CLIENTS, perClient, GRAPHS);
                System.out.println("runaway queries still computing after the load: " + runawayConnections(http, server.base));
            } finally {
                for (Socket runaway : runaways) {
                    runaway.close();
                }
            }
            double p99Alone = AggregateLoad.millis(alone, 99);
            double p99Beside = AggregateLoad.millis(beside, 99);
            System.out.printf("%d clients over %d graphs, %d queries each%n", CLIENTS, GRAPHS.size(), perClient);
            System.out.printf("alone:                      p50 %.1f ms, p99 %.1f ms%n", AggregateLoad.millis(alone, 50), p99Alone);
            System.out.printf("beside 3 runaway queries:   p50 %.1f ms, p99 %.1f ms%n", AggregateLoad.millis(beside, 50),
                    p99Beside);
            System.out.printf("p99 ratio beside/alone = %.2f (goal <= 2)%n", p99Beside / p99Alone);
        }
    }

    /** Connections of the runaway graph in use, as /stats reports them. */
    private static int runawayConnections(HttpClient http, String base) throws Exception {
        String stats = http.send(HttpRequest.newBuilder(URI.create(base + "/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher inUse = Pattern.compile("\"" + RUNAWAY_GRAPH + "\":\\{[^}]*\"in_use\":(\\d+)").matcher(stats);
        return inUse.find() ? Integer.parseInt(inUse.group(1)) : 0;
    }

    /** Sends a runaway query on a connection of its own and returns it open: closing it makes the server stop the query. */
    private static Socket startRunaway(URI base) throws IOException {
        String body = "{\"sql\": \"" + RUNAWAY_SQL + "\"}";
        Socket socket = new Socket(base.getHost(), base.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /databases/" + RUNAWAY_GRAPH + "/tables/query HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }
}
