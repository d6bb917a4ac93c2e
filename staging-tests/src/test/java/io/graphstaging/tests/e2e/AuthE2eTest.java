package io.graphstaging.tests.e2e;

import static io.graphstaging.tests.e2e.E2eServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API-key auth and lockout on the real server. */
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class AuthE2eTest {
    private static final String KEY = "e2e-secret-key";
    private E2eServer server;

    @BeforeEach
    void start(S3ProxyServer s3, PostgresTestServer postgres) {
        server = E2eServer.start(s3, postgres, Map.of("STAGING_API_KEY", KEY));
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private HttpResponse<String> tables(String header, String value) {
        return server.send(server.request("/databases/g_auth/tables").header(header, value).GET());
    }

    @Test
    void theKeyIsNeededExceptOnExemptRoutes() {
        HttpResponse<String> missing = server.get("/databases/g_auth/tables");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).get("code").asText()).isEqualTo("unauthorized");
        assertThat(tables("X-Graph-API-Key", KEY).statusCode()).isEqualTo(200);
        assertThat(tables("Authorization", "Bearer " + KEY).statusCode()).isEqualTo(200);
        assertThat(tables("X-Graph-API-Key", KEY + "x").statusCode()).isEqualTo(401);
        for (String exempt : new String[] {"/health", "/info", "/metrics", "/openapi.json", "/docs"}) {
            assertThat(server.get(exempt).statusCode()).as(exempt).isEqualTo(200);
        }
    }

    @Test
    void tenFailuresLockTheClientOutEvenWithTheRightKey() {
        for (int i = 1; i <= 10; i++) {
            assertThat(tables("X-Graph-API-Key", "guess-" + i).statusCode()).as("attempt %d", i).isEqualTo(401);
        }
        HttpResponse<String> locked = tables("X-Graph-API-Key", KEY);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(json(locked).get("code").asText()).isEqualTo("too_many_auth_failures");
        assertThat(server.get("/health").statusCode()).as("exempt routes stay open").isEqualTo(200);
    }
}
