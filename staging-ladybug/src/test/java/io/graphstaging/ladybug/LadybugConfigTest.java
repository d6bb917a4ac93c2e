package io.graphstaging.ladybug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LadybugConfigTest {
    @Test
    void defaults() {
        LadybugConfig config = Settings.read(Map.of(), LadybugConfig::from);
        assertThat(config.databaseDir()).isEqualTo(Path.of("data", "lbug-dbs").toAbsolutePath());
        assertThat(config.bufferPoolBytes()).isEqualTo(1L << 30);
        assertThat(config.maxThreads()).isZero();
        assertThat(config.maxDbSizeBytes()).isEqualTo(1L << 40);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void readsEveryVariableWithTheSizeSyntaxOfEverySetting() {
        LadybugConfig config = Settings.read(Map.of("LBUG_DATABASE_DIR", "/srv/graphs",
                "LBUG_BUFFER_POOL_SIZE", "512MiB", "LBUG_MAX_THREADS", "3", "LBUG_MAX_DB_SIZE", "256GiB"), LadybugConfig::from);
        assertThat(config).isEqualTo(LadybugConfig.defaults(Path.of("/srv/graphs")).withBufferPoolBytes(512L << 20)
                .withMaxThreads(3).withMaxDbSizeBytes(256L << 30));
        assertThat(Settings.read(Map.of("LBUG_BUFFER_POOL_SIZE", "16777216"), LadybugConfig::from).bufferPoolBytes())
                .isEqualTo(16L << 20);
        assertThat(Settings.read(Map.of("LBUG_BUFFER_POOL_SIZE", "2GB"), LadybugConfig::from).bufferPoolBytes())
                .isEqualTo(2_000_000_000L);
        assertThat(Settings.read(Map.of("LBUG_MAX_DB_SIZE", "8MiB"), LadybugConfig::from).maxDbSizeBytes())
                .isEqualTo(8L << 20);
        assertThat(Settings.read(Map.of("LBUG_DATABASE_PATH", "/srv/old"), LadybugConfig::from).databaseDir())
                .isEqualTo(Path.of("/srv/old"));
    }

    @Test
    void reportsAllProblemsAtOnce() {
        assertThatThrownBy(() -> Settings.read(Map.of("LBUG_BUFFER_POOL_SIZE", "lots", "LBUG_MAX_THREADS", "-1"),
                LadybugConfig::from))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("LBUG_BUFFER_POOL_SIZE must be a size")
                .hasMessageContaining("LBUG_MAX_THREADS must be a whole number from 0 to 1024, was '-1'");
    }

    /** The engine refuses a size that is not a power of two, or below two page groups, when a database opens. */
    @Test
    void theLargestDatabaseSizeFollowsTheEnginesRulesAtStart() {
        assertThatThrownBy(() -> Settings.read(Map.of("LBUG_MAX_DB_SIZE", "300GiB"), LadybugConfig::from))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("LBUG_MAX_DB_SIZE: the largest graph database size must be a power of two");
        assertThatThrownBy(() -> Settings.read(Map.of("LBUG_MAX_DB_SIZE", "4MiB"), LadybugConfig::from))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("LBUG_MAX_DB_SIZE");
    }

    /** With every open graph reserving its pool from the budget, "the engine chooses (80% of RAM)" is gone. */
    @Test
    void aBufferPoolMustBeGiven() {
        assertThatThrownBy(() -> Settings.read(Map.of("LBUG_BUFFER_POOL_SIZE", "0"), LadybugConfig::from))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("LBUG_BUFFER_POOL_SIZE");
        assertThatThrownBy(() -> LadybugConfig.defaults(Path.of("x")).withIdleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
