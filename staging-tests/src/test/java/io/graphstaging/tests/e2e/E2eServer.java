package io.graphstaging.tests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The whole server, started from the runnable jar as users run it, configured by environment
 * variables only, over S3Proxy, an embedded PostgreSQL database, DuckDB and LadybugDB files in a
 * temp directory. Requests go over real HTTP.
 */
public final class E2eServer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** The heap the jar runs with; the engines' memory lives outside it, within the memory budget below. */
    static final String MAX_HEAP = "512m";

    public final Path dir;
    final ServerProcess process;
    public final String base;
    final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> env;
    private final Map<String, String> headers = new HashMap<>();

    private E2eServer(Path dir, Map<String, String> env, ServerProcess process) {
        this.dir = dir;
        this.env = env;
        this.process = process;
        this.base = process.base;
    }

    static E2eServer start(S3ProxyServer s3, PostgresTestServer postgres, Map<String, String> extra) {
        try {
            Path dir = Files.createTempDirectory("e2e-server-");
            return startIn(dir, environment(s3, postgres, dir, extra));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The server's whole configuration: S3Proxy, a new registry database, its directories under
     * {@code dir}, then {@code extra}. Kept by a caller that restarts the server on the same state.
     */
    public static Map<String, String> environment(S3ProxyServer s3, PostgresTestServer postgres, Path dir,
                                                  Map<String, String> extra) {
        RegistryConfig registry = postgres.newDatabase();
        Map<String, String> env = new HashMap<>(s3.environment());
        env.put("STAGING_REGISTRY_JDBC_URL", registry.jdbcUrl().orElseThrow());
        env.put("STAGING_REGISTRY_USER", registry.user().orElseThrow());
        env.put("STAGING_REGISTRY_PASSWORD", registry.password().orElseThrow().reveal());
        env.put("DUCKDB_STAGING_DIR", dir.resolve("duckdb-staging").toString());
        env.put("LBUG_DATABASE_DIR", dir.resolve("lbug-dbs").toString());
        // Realistic next to a 512 MB heap: each open graph reserves its DuckDB memory limit from the budget
        // (8 graphs open at once here); idle graphs close to make room for others.
        env.put("DUCKDB_MEMORY_LIMIT", "256MB");
        env.put("LBUG_BUFFER_POOL_SIZE", "256MB");
        env.put("STAGING_MEMORY_BUDGET", "2GiB");
        env.put("DUCKDB_MAX_THREADS", "2");
        env.put("STAGING_HTTP_HOST", "127.0.0.1");
        env.put("STAGING_SHUTDOWN_GRACE_SECONDS", "5");
        env.putAll(extra);
        return env;
    }

    /** Starts the server in {@code dir} with exactly {@code env}; its files there are kept from any earlier run. */
    public static E2eServer startIn(Path dir, Map<String, String> env) {
        return new E2eServer(dir, env, ServerProcess.start(dir, env, MAX_HEAP));
    }

    /**
     * A new server process on the same directories, registry and settings, once this one has
     * stopped (its data is what a restart finds).
     */
    public E2eServer restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("Stop the server before restarting it");
        }
        return startIn(dir, env);
    }

    /** The settings it runs with (to start another node on the same registry and store). */
    public Map<String, String> settings() {
        return Map.copyOf(env);
    }

    /** Kills the server as {@code kill -9} does; its files stay for a restart with {@link #startIn}. */
    public void kill() {
        process.kill();
    }

    /** Sends this header with every request from now on. */
    public E2eServer withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
        headers.forEach(builder::header);
        return builder;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends without waiting for the answer (to act on the server while it works). */
    public CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder request) {
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    public HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> post(String path, Object body) {
        try {
            return post(path, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() throws IOException {
        process.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
