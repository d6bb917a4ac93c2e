package io.graphstaging.ladybug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LadybugConfigTest {
    @Test
    void defaults() {
        LadybugConfig config = LadybugConfig.fromEnvironment(Map.of());
        assertThat(config.databaseDir()).isEqualTo(Path.of("data", "lbug-dbs").toAbsolutePath());
        assertThat(config.bufferPoolBytes()).isEqualTo(1L << 30);
        assertThat(config.maxThreads()).isZero();
    }

    @Test
    void readsEveryVariable() {
        LadybugConfig config = LadybugConfig.fromEnvironment(Map.of("LBUG_DATABASE_DIR", "/srv/graphs",
                "LBUG_BUFFER_POOL_SIZE", "512MB", "LBUG_MAX_THREADS", "3"));
        assertThat(config).isEqualTo(new LadybugConfig(Path.of("/srv/graphs"), 512L << 20, 3));
        assertThat(LadybugConfig.fromEnvironment(Map.of("LBUG_BUFFER_POOL_SIZE", "1048576")).bufferPoolBytes())
                .isEqualTo(1L << 20);
    }

    @Test
    void reportsAllProblemsAtOnce() {
        assertThatThrownBy(() -> LadybugConfig.fromEnvironment(Map.of("LBUG_DATABASE_DIR", " ",
                "LBUG_BUFFER_POOL_SIZE", "lots", "LBUG_MAX_THREADS", "-1")))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER))
                .hasMessageContaining("LBUG_DATABASE_DIR is empty")
                .hasMessageContaining("LBUG_BUFFER_POOL_SIZE must be")
                .hasMessageContaining("LBUG_MAX_THREADS must be a non-negative integer, got '-1'");
    }
}
