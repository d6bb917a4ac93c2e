package io.graphstaging.http.config;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.config.Secret;
import io.graphstaging.bootstrap.TableQueueConfig;
import io.graphstaging.core.config.Settings;
import io.graphstaging.core.task.TaskRunnerConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The edge's settings.
 *
 * @param host          {@code STAGING_HTTP_HOST} (0.0.0.0)
 * @param port          {@code STAGING_HTTP_PORT} (8001; 0 picks a free port)
 * @param apiKey        {@code STAGING_API_KEY}: when present, every non-exempt route needs it
 * @param maxBodyBytes  {@code STAGING_MAX_BODY_BYTES} (10 MiB)
 * @param shutdownGrace {@code STAGING_SHUTDOWN_GRACE_SECONDS} (30): how long running requests may
 *                      take to finish after SIGTERM
 * @param queues        the table queues, read by the one reader the command line uses too
 *                      ({@link TableQueueConfig}: a 409 after the lock wait, a 503 past the waiting calls)
 * @param tasks         how requests run as tasks ({@link TaskRunnerConfig})
 */
public record HttpConfig(String host, int port, Optional<Secret> apiKey, long maxBodyBytes, Duration shutdownGrace,
                         TableQueueConfig queues, TaskRunnerConfig tasks) {
    public static final int DEFAULT_PORT = 8001;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public HttpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(tasks, "tasks");
    }

    /** Defaults: every address, port 8001, no key. */
    public static HttpConfig defaults() {
        return new HttpConfig("0.0.0.0", DEFAULT_PORT, Optional.empty(), DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE,
                TableQueueConfig.defaults(), TaskRunnerConfig.defaults());
    }

    /** Reads the settings; problems (never the key) are collected in {@code settings}. */
    public static HttpConfig from(Settings settings) {
        return new HttpConfig(
                settings.text("STAGING_HTTP_HOST", "0.0.0.0"),
                settings.integer("STAGING_HTTP_PORT", DEFAULT_PORT, 0, 65535),
                settings.secret("STAGING_API_KEY"),
                settings.size("STAGING_MAX_BODY_BYTES", ByteSize.ofBytes(DEFAULT_MAX_BODY_BYTES), ByteSize.ofBytes(1),
                        ByteSize.ofBytes(Integer.MAX_VALUE)).bytes(),
                settings.duration("STAGING_SHUTDOWN_GRACE_SECONDS", DEFAULT_SHUTDOWN_GRACE, Duration.ZERO, Duration.ofHours(1)),
                TableQueueConfig.from(settings), TaskRunnerConfig.from(settings));
    }

    public HttpConfig withListenAddress(String host, int port) {
        return new HttpConfig(host, port, apiKey, maxBodyBytes, shutdownGrace, queues, tasks);
    }

    public HttpConfig withApiKey(String key) {
        return new HttpConfig(host, port, Optional.of(new Secret(key)), maxBodyBytes, shutdownGrace, queues, tasks);
    }

    public HttpConfig withMaxBodyBytes(long value) {
        return new HttpConfig(host, port, apiKey, value, shutdownGrace, queues, tasks);
    }

    public HttpConfig withShutdownGrace(Duration value) {
        return new HttpConfig(host, port, apiKey, maxBodyBytes, value, queues, tasks);
    }

    public HttpConfig withTableLockWait(Duration value) {
        return new HttpConfig(host, port, apiKey, maxBodyBytes, shutdownGrace, queues.withLockWait(value), tasks);
    }

    public HttpConfig withTasks(TaskRunnerConfig value) {
        return new HttpConfig(host, port, apiKey, maxBodyBytes, shutdownGrace, queues, value);
    }

    public HttpConfig withMaxWaitingCalls(int value) {
        return new HttpConfig(host, port, apiKey, maxBodyBytes, shutdownGrace, queues.withMaxWaitingCalls(value), tasks);
    }
}
