package io.graphstaging.http.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.graphstaging.bootstrap.TableQueueConfig;
import io.graphstaging.core.config.InvalidConfigurationException;
import io.graphstaging.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpConfigTest {

    @Test
    void defaultsWithAnEmptyEnvironment() {
        HttpConfig config = Settings.read(Map.of(), HttpConfig::from);
        assertThat(config).isEqualTo(HttpConfig.defaults());
        assertThat(config.port()).isEqualTo(8001);
        assertThat(config.apiKey()).isEmpty();
        assertThat(config.maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.queues().lockWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.queues().maxWaitingCalls()).isEqualTo(32);
    }

    @Test
    void theTableQueuesAreReadByTheReaderTheCommandLineUses() {
        Map<String, String> env = Map.of("STAGING_TABLE_LOCK_WAIT_MS", "1500", "STAGING_MAX_WAITING_CALLS", "7");
        assertThat(Settings.read(env, HttpConfig::from).queues())
                .isEqualTo(Settings.read(env, TableQueueConfig::from))
                .isEqualTo(new TableQueueConfig(Duration.ofMillis(1500), 7));
        assertThat(HttpConfig.defaults().queues()).isEqualTo(Settings.read(Map.of(), TableQueueConfig::from));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidConfigurationException e = catchThrowableOfType(InvalidConfigurationException.class,
                () -> Settings.read(Map.of("STAGING_HTTP_PORT", "eighty", "STAGING_MAX_BODY_BYTES", "-1",
                        "STAGING_SHUTDOWN_GRACE_SECONDS", "99999"), HttpConfig::from));
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage()).contains("STAGING_HTTP_PORT").contains("STAGING_MAX_BODY_BYTES")
                .contains("STAGING_SHUTDOWN_GRACE_SECONDS");
    }

    @Test
    void theApiKeyNeverShowsInToString() {
        HttpConfig config = Settings.read(Map.of("STAGING_API_KEY", "s3cr3t-key"), HttpConfig::from);
        assertThat(config.apiKey()).hasValueSatisfying(k -> assertThat(k.reveal()).isEqualTo("s3cr3t-key"));
        assertThat(config.toString()).doesNotContain("s3cr3t-key").contains("***");
    }
}
