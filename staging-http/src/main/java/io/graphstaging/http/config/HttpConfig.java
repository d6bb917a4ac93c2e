package io.graphstaging.http.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The edge's settings, read from the environment (http-api.md, "Configuration").
 *
 * @param apiKey        when present, every non-exempt route needs it
 * @param shutdownGrace how long running requests may take to finish after SIGTERM
 * @param tableLockWait how long an operation waits for another one on the same table before a 409
 */
public record HttpConfig(String host, int port, Optional<String> apiKey, long maxBodyBytes, Duration shutdownGrace,
                         Duration tableLockWait) {
    public static final int DEFAULT_PORT = 8001;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TABLE_LOCK_WAIT = Duration.ofSeconds(30);

    public HttpConfig {
        apiKey = apiKey.filter(k -> !k.isEmpty());
    }

    /**
     * Reads {@code STAGING_HTTP_HOST} (0.0.0.0), {@code STAGING_HTTP_PORT} (8001),
     * {@code STAGING_API_KEY}, {@code STAGING_MAX_BODY_BYTES} (10 MiB) and
     * {@code STAGING_SHUTDOWN_GRACE_SECONDS} (30) and {@code STAGING_TABLE_LOCK_WAIT_MS} (30000).
     *
     * @throws InvalidConfigurationException listing every problem found, not just the first
     */
    public static HttpConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String host = env.getOrDefault("STAGING_HTTP_HOST", "0.0.0.0").strip();
        if (host.isEmpty()) {
            problems.add("STAGING_HTTP_HOST must not be empty");
        }
        long port = integer(env, "STAGING_HTTP_PORT", DEFAULT_PORT, 0, 65535, problems);
        long maxBody = integer(env, "STAGING_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, 1, Integer.MAX_VALUE, problems);
        long grace = integer(env, "STAGING_SHUTDOWN_GRACE_SECONDS", DEFAULT_SHUTDOWN_GRACE.toSeconds(), 0, 3600, problems);
        long lockWait = integer(env, "STAGING_TABLE_LOCK_WAIT_MS", DEFAULT_TABLE_LOCK_WAIT.toMillis(), 0, 3_600_000,
                problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException(problems);
        }
        return new HttpConfig(host, (int) port, Optional.ofNullable(env.get("STAGING_API_KEY")), maxBody,
                Duration.ofSeconds(grace), Duration.ofMillis(lockWait));
    }

    private static long integer(Map<String, String> env, String name, long fallback, long min, long max,
                                List<String> problems) {
        String text = env.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.strip());
            if (value < min || value > max) {
                problems.add(name + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(name + " must be a whole number, was '" + text + "'");
            return fallback;
        }
    }

    @Override
    public String toString() {
        return "HttpConfig[host=" + host + ", port=" + port + ", apiKey=" + (apiKey.isPresent() ? "***" : "none")
                + ", maxBodyBytes=" + maxBodyBytes + ", shutdownGrace=" + shutdownGrace + ", tableLockWait=" + tableLockWait + "]";
    }
}
