package io.graphstaging.ladybug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LadybugConfigTest {
    @Test
    void defaults() {
        LadybugConfig config = Settings.read(Map.of(), LadybugConfig::from);
        assertThat(config.databaseDir()).isEqualTo(Path.of("data", "lbug-dbs").toAbsolutePath());
        assertThat(config.bufferPoolBytes()).isEqualTo(1L << 30);
        assertThat(config.maxThreads()).isZero();
    }

    @Test
    void readsEveryVariableWithTheSizeSyntaxOfEverySetting() {
        LadybugConfig config = Settings.read(Map.of("LBUG_DATABASE_DIR", "/srv/graphs",
                "LBUG_BUFFER_POOL_SIZE", "512MiB", "LBUG_MAX_THREADS", "3"), LadybugConfig::from);
        assertThat(config).isEqualTo(new LadybugConfig(Path.of("/srv/graphs"), 512L << 20, 3));
        assertThat(Settings.read(Map.of("LBUG_BUFFER_POOL_SIZE", "1048576"), LadybugConfig::from).bufferPoolBytes())
                .isEqualTo(1L << 20);
        assertThat(Settings.read(Map.of("LBUG_BUFFER_POOL_SIZE", "2GB"), LadybugConfig::from).bufferPoolBytes())
                .isEqualTo(2_000_000_000L);
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
}
