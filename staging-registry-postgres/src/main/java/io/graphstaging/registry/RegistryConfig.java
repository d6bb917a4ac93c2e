package io.graphstaging.registry;

import io.graphstaging.core.config.Secret;
import io.graphstaging.core.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the file registry lives and how its connection pool behaves, read from the environment.
 *
 * @param jdbcUrl           {@code STAGING_REGISTRY_JDBC_URL}; empty: an embedded PostgreSQL is started
 * @param user              {@code STAGING_REGISTRY_USER}
 * @param password          {@code STAGING_REGISTRY_PASSWORD}; never printed
 * @param dataDir           {@code STAGING_REGISTRY_DATA_DIR} (default {@code ./data/registry}): the
 *                          embedded server's data, kept across restarts
 * @param maxConnections    {@code STAGING_REGISTRY_MAX_CONNECTIONS} (default 8): the pool's bound
 * @param connectionTimeout {@code STAGING_REGISTRY_CONNECTION_TIMEOUT_MS} (default 5000): longest
 *                          wait for a pooled connection, and for a new one to open
 * @param queryTimeout      {@code STAGING_REGISTRY_QUERY_TIMEOUT_SECONDS} (default 30): longest
 *                          wait on one answer from the server (a dead server never hangs a caller)
 */
public record RegistryConfig(Optional<String> jdbcUrl, Optional<String> user, Optional<Secret> password,
                             Path dataDir, int maxConnections, Duration connectionTimeout, Duration queryTimeout) {
    public static final String JDBC_URL = "STAGING_REGISTRY_JDBC_URL";
    public static final String USER = "STAGING_REGISTRY_USER";
    public static final String PASSWORD = "STAGING_REGISTRY_PASSWORD";
    public static final String DATA_DIR = "STAGING_REGISTRY_DATA_DIR";
    public static final String MAX_CONNECTIONS = "STAGING_REGISTRY_MAX_CONNECTIONS";
    public static final String CONNECTION_TIMEOUT_MS = "STAGING_REGISTRY_CONNECTION_TIMEOUT_MS";
    public static final String QUERY_TIMEOUT_SECONDS = "STAGING_REGISTRY_QUERY_TIMEOUT_SECONDS";

    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    public RegistryConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
    }

    /** An embedded PostgreSQL with its data under {@code dataDir}, default pool settings. */
    public static RegistryConfig embedded(Path dataDir) {
        return new RegistryConfig(Optional.empty(), Optional.empty(), Optional.empty(), dataDir, 8,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** An external PostgreSQL, default pool settings. */
    public static RegistryConfig external(String jdbcUrl, String user, String password) {
        return new RegistryConfig(Optional.of(jdbcUrl), Optional.ofNullable(user), Optional.ofNullable(password).map(Secret::new),
                Path.of("data", "registry"), 8, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** The same registry with other timeouts. */
    public RegistryConfig withTimeouts(Duration connection, Duration query) {
        return new RegistryConfig(jdbcUrl, user, password, dataDir, maxConnections, connection, query);
    }

    /** Reads the settings; problems (never the password) are collected in {@code settings}. */
    public static RegistryConfig from(Settings settings) {
        Optional<String> url = settings.optionalText(JDBC_URL);
        Optional<String> user = settings.optionalText(USER);
        Optional<Secret> password = settings.secret(PASSWORD);
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            settings.problem(JDBC_URL + " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        if (url.isEmpty() && (user.isPresent() || password.isPresent())) {
            settings.problem(USER + " and " + PASSWORD + " only apply with " + JDBC_URL
                    + "; without it the embedded PostgreSQL is used");
        }
        Path dataDir = settings.path(DATA_DIR, Path.of("data", "registry"));
        int max = settings.integer(MAX_CONNECTIONS, 8, 1, 64);
        Duration connect = settings.duration(CONNECTION_TIMEOUT_MS, Duration.ofSeconds(5), Duration.ofMillis(250),
                Duration.ofMinutes(10));
        Duration query = settings.duration(QUERY_TIMEOUT_SECONDS, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofHours(1));
        return new RegistryConfig(url, user, password, dataDir, max, connect, query);
    }

    /** The URL with any {@code password=} parameter masked, for messages and logs. */
    public Optional<String> redactedJdbcUrl() {
        return jdbcUrl.map(u -> URL_PASSWORD.matcher(u).replaceAll("$1***"));
    }

    @Override
    public String toString() {
        return "RegistryConfig[jdbcUrl=" + redactedJdbcUrl().orElse("(embedded)")
                + ", user=" + user.orElse("(default)")
                + ", password=" + (password.isPresent() ? "***" : "(none)")
                + ", dataDir=" + dataDir
                + ", maxConnections=" + maxConnections
                + ", connectionTimeout=" + connectionTimeout
                + ", queryTimeout=" + queryTimeout + "]";
    }
}
