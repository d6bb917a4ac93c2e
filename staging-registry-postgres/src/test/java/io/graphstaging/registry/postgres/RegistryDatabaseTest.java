package io.graphstaging.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedPostgresExtension.class)
class RegistryDatabaseTest {

    @Test
    void anExternalUrlMayCarryItsOwnUser(PostgresTestServer server) {
        RegistryConfig database = server.newDatabase();
        String url = database.jdbcUrl().orElseThrow() + "?user=" + database.user().orElseThrow() + "&password="
                + database.password().orElseThrow().reveal() + "&ApplicationName=ignored";

        try (RegistryDatabase opened = RegistryDatabase.open(RegistryConfig.external(url, null, null))) {
            assertThat(opened.embedded()).isEmpty();
            String user = opened.jdbi().withHandle(h -> h.createQuery("SELECT current_user").mapTo(String.class).one());
            assertThat(user).isEqualTo(database.user().orElseThrow());
        }
    }

    @Test
    void thePoolIsBoundedByTheConfiguration(PostgresTestServer server) {
        RegistryConfig base = server.newDatabase();
        RegistryConfig three = new RegistryConfig(base.jdbcUrl(), base.user(), base.password(), base.dataDir(), 3,
                base.connectionTimeout(), base.queryTimeout());

        try (RegistryDatabase database = RegistryDatabase.open(three);
             Handle h1 = database.jdbi().open(); Handle h2 = database.jdbi().open(); Handle h3 = database.jdbi().open()) {
            Integer sessions = h3.createQuery("SELECT count(*) FROM pg_stat_activity "
                    + "WHERE application_name = 'graph-staging' AND datname = current_database()").mapTo(Integer.class).one();
            assertThat(sessions).isEqualTo(3);
            assertThatThrownBy(() -> database.jdbi().open().close()).hasMessageContaining("Connection is not available");
        }
    }
}
