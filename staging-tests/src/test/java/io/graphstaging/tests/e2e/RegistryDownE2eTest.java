package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A registry that goes away: its routes answer 502 and health says which part failed; it recovers. */
@ExtendWith(S3ProxyExtension.class)
class RegistryDownE2eTest {

    @Test
    void aRegistryThatIsDownIsA502AndHealthSaysSo(S3ProxyServer s3) throws Exception {
        try (PostgresTestServer postgres = PostgresTestServer.start();
             E2eServer server = E2eServer.start(s3, postgres, Map.of("STAGING_REGISTRY_CONNECTION_TIMEOUT_MS", "2000"))) {
            assertThat(server.post("/databases/g_pg/registry/tables", Map.of("table_name", "t", "table_type", "node"))
                    .statusCode()).isEqualTo(201);

            postgres.stop();
            HttpResponse<String> down = server.post("/databases/g_pg/registry/tables", Map.of("table_name", "u", "table_type", "node"));
            assertThat(down.statusCode()).as(down.body()).isEqualTo(502);
            assertThat(json(down).get("code").asText()).isEqualTo("registry_failed");
            HttpResponse<String> health = server.get("/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json(health).get("status").asText()).isEqualTo("unhealthy");
            assertThat(json(health).get("checks").get("registry").asText()).startsWith("registry_failed");
            assertThat(json(health).get("checks").get("duckdb").asText()).isEqualTo("ok");

            postgres.restart();
            // The pool retries with a growing pause (up to 5 s, Hikari's cap) while the server is down,
            // longer than this test's 2 s wait for a connection: health tells when it is back.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (server.get("/health").statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(server.post("/databases/g_pg/registry/tables", Map.of("table_name", "u", "table_type", "node"))
                    .statusCode()).as("the registry is used again once it is back").isEqualTo(201);
        }
    }
}
