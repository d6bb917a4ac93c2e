package io.graphstaging.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer's path: the runnable jar started in an empty directory with no configuration
 * (only a free port, so the test never collides with a server already running): health answered
 * on embedded defaults, one file put under the local object store, staged and queried, then a
 * graceful stop on SIGTERM.
 */
class NewcomerJarE2eTest {

    @Test
    void theJarStartsOnEmbeddedDefaultsAndStagesALocalFile(@TempDir Path workDir) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (ServerProcess server = ServerProcess.start(workDir, Map.of(), "512m")) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(server.base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(E2eServer.json(health).get("status").asText()).isEqualTo("healthy");

            Path bucket = Files.createDirectories(workDir.resolve("data/object-store/demo"));
            ParquetFiles.write(bucket.resolve("people.parquet"),
                    "SELECT i AS identifier, 'person ' || i AS name FROM range(1, 11) t(i)");
            HttpResponse<String> staged = http.send(HttpRequest.newBuilder(URI.create(server.base + "/databases/demo/tables"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"table_name\": \"people\", \"s3_pattern\": \"s3://demo/people.parquet\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(staged.statusCode()).as(staged.body()).isEqualTo(200);
            assertThat(E2eServer.json(staged).get("row_count").asLong()).isEqualTo(10);

            HttpResponse<String> queried = http.send(HttpRequest.newBuilder(URI.create(server.base + "/databases/demo/tables/query"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"sql\": \"SELECT name FROM people WHERE identifier = 3\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = E2eServer.json(queried);
            assertThat(answer.get("rows").get(0).get(0).asText()).as(queried.body()).isEqualTo("person 3");

            assertThat(workDir.resolve("data/duckdb-staging/demo.duckdb")).exists();
            assertThat(workDir.resolve("data/registry")).isDirectory();

            assertThat(server.stop(Duration.ofSeconds(60))).as("the server stopped on SIGTERM").isTrue();
            assertThat(server.logText()).contains("Shutting down").contains("Stopped");
        }
    }

    @Test
    void invalidConfigurationStopsTheStartListingEveryProblemWithoutSecrets(@TempDir Path workDir) throws Exception {
        Path log = workDir.resolve("server.log");
        Process process = ServerProcess.launch(workDir, Map.of(
                "STAGING_MAX_BODY_BYTES", "-5",
                "DUCKDB_MAX_CONNECTIONS_PER_DB", "many",
                "AWS_S3_SECRET_ACCESS_KEY", "top-secret-value"), "256m", ServerProcess.freePort(), log);
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        String output = Files.readString(log);
        assertThat(output).contains("Invalid configuration").contains("STAGING_MAX_BODY_BYTES")
                .contains("DUCKDB_MAX_CONNECTIONS_PER_DB").contains("AWS_S3_ACCESS_KEY_ID")
                .doesNotContain("top-secret-value");
        assertThat(workDir.resolve("data")).as("nothing was started").doesNotExist();
    }
}
