package io.graphstaging.tests.fault;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.graphstaging.tests.e2e.E2eServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The server jar on one directory and one registry database that outlive it: killed as
 * {@code kill -9} does and started again on the same files, as an operator would.
 */
final class RestartableServer implements AutoCloseable {
    private final Map<String, String> env;
    private E2eServer server;

    private RestartableServer(Path dir, Map<String, String> env) {
        this.env = Map.copyOf(env);
        this.server = E2eServer.startIn(dir, env);
    }

    /** Starts the server in {@code dir} with exactly {@code env} (see {@link E2eServer#environment}). */
    static RestartableServer start(Path dir, Map<String, String> env) {
        return new RestartableServer(dir, env);
    }

    E2eServer http() {
        return server;
    }

    /** kill -9, then a start on the same files. */
    void killAndRestart() {
        server.kill();
        server = server.restart();
    }

    Path stagingDir() {
        return Path.of(env.get("DUCKDB_STAGING_DIR"));
    }

    Path spoolDir() {
        return Path.of(env.getOrDefault("STAGING_SPOOL_DIR", stagingDir().resolve("spool").toString()));
    }

    /** An answer that must be a success; the message shows the body otherwise. */
    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** Visible rows per file tag (the part of {@code name} before its first '-'), from a query over HTTP. */
    Map<String, Long> rowsPerTag(String graph, String table) {
        JsonNode answer = ok(server.post("/databases/" + graph + "/tables/query", Map.of("sql",
                "SELECT split_part(name, '-', 1) AS tag, count(*) AS n FROM " + table + " GROUP BY tag")));
        Map<String, Long> rows = new TreeMap<>();
        answer.get("rows").forEach(r -> rows.put(r.get(0).asText(), r.get(1).asLong()));
        return rows;
    }

    /** The table as the listing shows it: row count and file count, or empty when it is not listed. */
    List<Long> listed(String graph, String table) {
        JsonNode tables = ok(server.get("/databases/" + graph + "/tables"));
        for (JsonNode t : tables) {
            if (t.get("table_name").asText().equalsIgnoreCase(table)) {
                return List.of(t.get("row_count").asLong(), t.get("file_count").asLong());
            }
        }
        return List.of();
    }

    /** Regular files under {@code directory} (none when it does not exist). */
    static List<Path> filesUnder(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and deletes its directory (not directories configured outside it). */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
