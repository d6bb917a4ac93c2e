package io.graphstaging.duckdb.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.StagingException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DuckDbConfigTest {
    @Test
    void defaultsFollowTheContract() {
        DuckDbConfig config = DuckDbConfig.fromEnvironment(Map.of());
        assertThat(config.stagingDir()).isEqualTo(Path.of("./data/duckdb-staging").toAbsolutePath().normalize());
        assertThat(config.spoolDir()).isEqualTo(config.stagingDir().resolve("spool"));
        assertThat(config.maxConnectionsPerDb()).isEqualTo(3);
        assertThat(config.connectionTtl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.memoryLimit()).isEqualTo("2GB");
    }

    @Test
    void readsEveryVariable() {
        DuckDbConfig config = DuckDbConfig.fromEnvironment(Map.of("DUCKDB_STAGING_DIR", "/srv/stage",
                "STAGING_SPOOL_DIR", "/srv/spool", "DUCKDB_MAX_CONNECTIONS_PER_DB", "5",
                "DUCKDB_CONNECTION_TTL_MINUTES", "7", "DUCKDB_MAX_THREADS", "4", "DUCKDB_MEMORY_LIMIT", "512MiB",
                "DUCKDB_POOL_WAIT_SECONDS", "3"));
        assertThat(config.stagingDir()).isEqualTo(Path.of("/srv/stage"));
        assertThat(config.spoolDir()).isEqualTo(Path.of("/srv/spool"));
        assertThat(config.maxConnectionsPerDb()).isEqualTo(5);
        assertThat(config.connectionTtl()).isEqualTo(Duration.ofMinutes(7));
        assertThat(config.threads()).isEqualTo(4);
        assertThat(config.memoryLimit()).isEqualTo("512MiB");
        assertThat(config.poolWait()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> DuckDbConfig.fromEnvironment(Map.of("DUCKDB_MAX_CONNECTIONS_PER_DB", "zero",
                "DUCKDB_CONNECTION_TTL_MINUTES", "0", "DUCKDB_MAX_THREADS", "-1", "DUCKDB_MEMORY_LIMIT", "lots; DROP")))
                .isInstanceOf(StagingException.class)
                .hasMessageContaining("DUCKDB_MAX_CONNECTIONS_PER_DB")
                .hasMessageContaining("DUCKDB_CONNECTION_TTL_MINUTES")
                .hasMessageContaining("DUCKDB_MAX_THREADS")
                .hasMessageContaining("DUCKDB_MEMORY_LIMIT");
    }
}
