package io.graphstaging.duckdb.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuckDbConfigTest {
    @Test
    void defaultsFollowTheContract() {
        DuckDbConfig config = Settings.read(Map.of(), DuckDbConfig::from);
        assertThat(config.stagingDir()).isEqualTo(Path.of("./data/duckdb-staging").toAbsolutePath().normalize());
        assertThat(config.maxConnectionsPerDb()).isEqualTo(3);
        assertThat(config.connectionTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.memoryLimit()).isEqualTo(ByteSize.ofBytes(2_000_000_000L));
    }

    @Test
    void readsEveryVariable() {
        DuckDbConfig config = Settings.read(Map.of("DUCKDB_STAGING_DIR", "/srv/stage",
                "DUCKDB_MAX_CONNECTIONS_PER_DB", "5", "DUCKDB_CONNECTION_TTL_MINUTES", "7", "DUCKDB_MAX_THREADS", "4",
                "DUCKDB_MEMORY_LIMIT", "512MiB", "DUCKDB_POOL_WAIT_SECONDS", "3", "DUCKDB_CLEANUP_INTERVAL_SECONDS", "9"),
                DuckDbConfig::from);
        assertThat(config.stagingDir()).isEqualTo(Path.of("/srv/stage"));
        assertThat(config.maxConnectionsPerDb()).isEqualTo(5);
        assertThat(config.connectionTtl()).isEqualTo(Duration.ofMinutes(7));
        assertThat(config.threads()).isEqualTo(4);
        assertThat(config.memoryLimit()).isEqualTo(ByteSize.ofMebibytes(512));
        assertThat(config.poolWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void theOriginalServersDirectoryNameIsAccepted() {
        assertThat(Settings.read(Map.of("DUCKDB_STAGING_PATH", "/srv/old"), DuckDbConfig::from).stagingDir())
                .isEqualTo(Path.of("/srv/old"));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> Settings.read(Map.of("DUCKDB_MAX_CONNECTIONS_PER_DB", "zero",
                "DUCKDB_CONNECTION_TTL_MINUTES", "0", "DUCKDB_MAX_THREADS", "-1", "DUCKDB_MEMORY_LIMIT", "lots; DROP"),
                DuckDbConfig::from))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(4))
                .hasMessageContaining("DUCKDB_MAX_CONNECTIONS_PER_DB")
                .hasMessageContaining("DUCKDB_CONNECTION_TTL_MINUTES")
                .hasMessageContaining("DUCKDB_MAX_THREADS")
                .hasMessageContaining("DUCKDB_MEMORY_LIMIT");
    }
}
