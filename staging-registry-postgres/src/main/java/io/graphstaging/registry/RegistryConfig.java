package io.graphstaging.registry;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
public record RegistryConfig(Optional<String> jdbcUrl, Optional<String> user, Optional<String> password,
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
        return new RegistryConfig(Optional.of(jdbcUrl), Optional.ofNullable(user), Optional.ofNullable(password),
                Path.of("data", "registry"), 8, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** The same registry with other timeouts. */
    public RegistryConfig withTimeouts(Duration connection, Duration query) {
        return new RegistryConfig(jdbcUrl, user, password, dataDir, maxConnections, connection, query);
    }

    /**
     * Reads and validates the configuration.
     *
     * @throws InvalidRegistryConfigException listing every problem found, not just the first
     */
    public static RegistryConfig fromEnvironment(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        Optional<String> url = nonBlank(env, JDBC_URL);
        Optional<String> user = nonBlank(env, USER);
        Optional<String> password = Optional.ofNullable(env.get(PASSWORD)).filter(p -> !p.isEmpty());
        if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
            problems.add(JDBC_URL + " must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        if (url.isEmpty() && (user.isPresent() || password.isPresent())) {
            problems.add(USER + " and " + PASSWORD + " only apply with " + JDBC_URL
                    + "; without it the embedded PostgreSQL is used");
        }
        Path dataDir = Path.of("data", "registry");
        Optional<String> dir = nonBlank(env, DATA_DIR);
        if (dir.isPresent()) {
            try {
                dataDir = Path.of(dir.get());
            } catch (InvalidPathException e) {
                problems.add(DATA_DIR + " is not a valid path: " + e.getReason());
            }
        }
        int max = integer(env, MAX_CONNECTIONS, 8, 1, 64, problems);
        int connectMs = integer(env, CONNECTION_TIMEOUT_MS, 5000, 250, 600_000, problems);
        int querySeconds = integer(env, QUERY_TIMEOUT_SECONDS, 30, 1, 3600, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRegistryConfigException(problems);
        }
        return new RegistryConfig(url, user, password, dataDir, max, Duration.ofMillis(connectMs),
                Duration.ofSeconds(querySeconds));
    }

    private static Optional<String> nonBlank(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max,
                               List<String> problems) {
        Optional<String> raw = nonBlank(env, name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the other problems
        }
        problems.add(name + " must be a whole number from " + min + " to " + max + ", not '" + raw.get() + "'");
        return fallback;
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
