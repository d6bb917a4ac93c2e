package io.graphstaging.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void defaultsToTheEmbeddedServerUnderDataRegistry() {
        RegistryConfig config = Settings.read(Map.of(), RegistryConfig::from);

        assertThat(config.jdbcUrl()).isEmpty();
        assertThat(config.dataDir()).isEqualTo(Path.of("data", "registry"));
        assertThat(config.maxConnections()).isEqualTo(8);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsAnExternalDatabase() {
        RegistryConfig config = Settings.read(Map.of(
                RegistryConfig.JDBC_URL, "jdbc:postgresql://db:5432/registry",
                RegistryConfig.USER, "staging",
                RegistryConfig.PASSWORD, "s3cret",
                RegistryConfig.MAX_CONNECTIONS, "4",
                RegistryConfig.CONNECTION_TIMEOUT_MS, "1500",
                RegistryConfig.QUERY_TIMEOUT_SECONDS, "10",
                RegistryConfig.DATA_DIR, "/var/lib/registry"), RegistryConfig::from);

        assertThat(config.jdbcUrl()).contains("jdbc:postgresql://db:5432/registry");
        assertThat(config.user()).contains("staging");
        assertThat(config.password()).hasValueSatisfying(p -> assertThat(p.reveal()).isEqualTo("s3cret"));
        assertThat(config.maxConnections()).isEqualTo(4);
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/registry"));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> Settings.read(Map.of(
                RegistryConfig.JDBC_URL, "jdbc:mysql://db/registry",
                RegistryConfig.MAX_CONNECTIONS, "0",
                RegistryConfig.CONNECTION_TIMEOUT_MS, "soon",
                RegistryConfig.QUERY_TIMEOUT_SECONDS, "99999"), RegistryConfig::from))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(4);
                    assertThat(e.getMessage()).contains(RegistryConfig.JDBC_URL, RegistryConfig.MAX_CONNECTIONS,
                            RegistryConfig.CONNECTION_TIMEOUT_MS, RegistryConfig.QUERY_TIMEOUT_SECONDS, "'soon'");
                });
    }

    @Test
    void credentialsWithoutAUrlAreAMistake() {
        assertThatThrownBy(() -> Settings.read(Map.of(RegistryConfig.PASSWORD, "s3cret"), RegistryConfig::from))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.getMessage()).doesNotContain("s3cret");
                });
    }

    @Test
    void neverPrintsThePassword() {
        RegistryConfig config = Settings.read(Map.of(
                RegistryConfig.JDBC_URL, "jdbc:postgresql://db/registry?user=x&password=inurl&ssl=true",
                RegistryConfig.PASSWORD, "s3cret"), RegistryConfig::from);

        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("inurl")
                .contains("password=***").contains("ssl=true");
        assertThat(config.redactedJdbcUrl()).isEqualTo(Optional.of("jdbc:postgresql://db/registry?user=x&password=***&ssl=true"));
    }
}
