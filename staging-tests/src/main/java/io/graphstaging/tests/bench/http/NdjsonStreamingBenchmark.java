package io.graphstaging.tests.bench.http;

import io.graphstaging.tests.bench.ScratchDirectory;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.Map;

/**
 * NDJSON streaming through the server (run as a process under {@code -Xmx256m}) against the same
 * query iterated over raw DuckDB JDBC and written with Jackson to a null sink, in the same run.
 * Goal: server rows/s at least 0.7 of the raw figure.
 *
 * <pre>
 * mvn -B -q install -DskipTests
 * mvn -B -q -pl staging-tests exec:java -Dexec.mainClass=io.graphstaging.tests.bench.http.NdjsonStreamingBenchmark [-Dexec.args="ROWS RUNS"]
 * </pre>
 */
public final class NdjsonStreamingBenchmark {
    private static final String SELECT = "SELECT id, amount, label, bucket FROM wide";

    private NdjsonStreamingBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (ScratchDirectory scratch = ScratchDirectory.create("bench-ndjson-")) {
            Path work = scratch.path();
            Path parquet = Files.createDirectories(work.resolve("data/object-store/bench")).resolve("wide.parquet");
            Path rawDb = work.resolve("raw.duckdb");
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + rawDb); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE wide AS SELECT i AS id, (i % 1000) * 1.5::DOUBLE AS amount, 'label-' || (i % 5000) AS label,"
                        + " (i % 16)::INTEGER AS bucket FROM range(0, " + rows + ") t(i)");
                s.execute("COPY wide TO '" + parquet + "' (FORMAT parquet)");
            }
            System.out.printf("generated %,d rows x 4 columns in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);

            try (JarServer server = JarServer.start(work, "256m", Map.of())) {
                HttpClient http = HttpClient.newHttpClient();
                long s0 = System.nanoTime();
                HttpResponse<String> staged = http.send(HttpRequest.newBuilder(URI.create(server.base + "/databases/bench/tables"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"table_name\": \"wide\", \"s3_pattern\": \"s3://bench/wide.parquet\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (staged.statusCode() != 200) {
                    throw new IllegalStateException("staging failed: " + staged.body());
                }
                System.out.printf("staged through the server in %.1f s: %s%n", (System.nanoTime() - s0) / 1e9, staged.body());

                double bestRaw = 0;
                double bestServer = 0;
                for (int run = 1; run <= runs; run++) {
                    double raw = rawJdbc(rawDb, rows);
                    double served = serverNdjson(http, server.base, rows);
                    bestRaw = Math.max(bestRaw, raw);
                    bestServer = Math.max(bestServer, served);
                    System.out.printf("run %d: raw JDBC + Jackson %,.0f rows/s; server NDJSON %,.0f rows/s; ratio %.2f%n",
                            run, raw, served, served / raw);
                }
                System.out.printf("best of %d: raw %,.0f rows/s, server %,.0f rows/s, ratio %.2f (goal >= 0.70)%n",
                        runs, bestRaw, bestServer, bestServer / bestRaw);
            }
        }
    }

    /** The baseline: iterate the query over JDBC and write each row as JSON to a sink that drops it. */
    private static double rawJdbc(Path db, long expected) throws Exception {
        long start = System.nanoTime();
        long count = 0;
        JsonFactory json = new JsonFactory();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(SELECT);
             JsonGenerator out = json.createGenerator(OutputStream.nullOutputStream(), JsonEncoding.UTF8)) {
            ResultSetMetaData meta = rs.getMetaData();
            int columns = meta.getColumnCount();
            while (rs.next()) {
                out.writeStartArray();
                for (int i = 1; i <= columns; i++) {
                    out.writeObject(rs.getObject(i));
                }
                out.writeEndArray();
                count++;
            }
        }
        check(count, expected);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** The server: POST the query asking for NDJSON and read every line (counting rows from the chunk headers). */
    private static double serverNdjson(HttpClient http, String base, long expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/databases/bench/tables/query?chunk_size=10000"))
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"" + SELECT + "\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("query failed: " + new String(response.body().readAllBytes()));
        }
        long lines = 0;
        String lastTail = "";
        byte[] ring = new byte[256];
        long inLine = 0;
        try (InputStream in = response.body()) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n') {
                        lines++;
                        lastTail = tail(ring, inLine);
                        inLine = 0;
                    } else {
                        ring[(int) (inLine++ % ring.length)] = b;
                    }
                }
            }
        }
        long chunks = Math.max(1, (expected + 9_999) / 10_000);
        if (lines != chunks || !lastTail.contains("\"is_last_chunk\":true")
                || !lastTail.contains("\"total_rows_sent\":" + expected + ",")) {
            throw new IllegalStateException("expected " + chunks + " NDJSON lines ending with all " + expected
                    + " rows sent, got " + lines + " lines ending with ..." + lastTail);
        }
        return expected / ((System.nanoTime() - start) / 1e9);
    }

    /** The last bytes of a line, from the ring that kept them. */
    private static String tail(byte[] ring, long length) {
        int n = (int) Math.min(length, ring.length);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((length - n + i) % ring.length)];
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void check(long count, long expected) {
        if (count != expected) {
            throw new IllegalStateException("expected " + expected + " rows, read " + count);
        }
    }
}
