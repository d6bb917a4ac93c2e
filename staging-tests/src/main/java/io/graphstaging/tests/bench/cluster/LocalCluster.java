package io.graphstaging.tests.bench.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The scale-out topology of {@code deploy/start-local.sh} (HAProxy, PostgreSQL, S3Proxy, N nodes),
 * started and stopped through the script itself, so that tests and benchmarks run exactly what an
 * operator runs. Ports are chosen free; the state directory holds data, logs and pid files.
 */
public final class LocalCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    public final Path state;
    public final int nodes;
    public final String proxy;
    public final String s3Endpoint;
    private final int nodeBasePort;
    private final Path deploy;
    private final Map<String, String> env;

    private LocalCluster(Path deploy, Path state, int nodes, Map<String, String> env) {
        this.deploy = deploy;
        this.state = state;
        this.nodes = nodes;
        this.env = env;
        this.proxy = "http://127.0.0.1:" + env.get("PROXY_PORT");
        this.s3Endpoint = "http://127.0.0.1:" + env.get("S3_PORT");
        this.nodeBasePort = Integer.parseInt(env.get("NODE_BASE_PORT"));
    }

    /**
     * Starts the topology with {@code nodes} nodes sharing {@code totalBudgetMib} of engine memory.
     *
     * @param repository the repository root (holding deploy/ and the built server jar)
     * @param s3ProxyClasspath S3Proxy's class path (a test JVM's class path has it), or null
     */
    public static LocalCluster start(Path repository, Path state, int nodes, int totalBudgetMib, int leaseSeconds,
                                     String s3ProxyClasspath) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NODES", Integer.toString(nodes));
        env.put("PROXY_PORT", Integer.toString(freePort()));
        env.put("PG_PORT", Integer.toString(freePort()));
        env.put("S3_PORT", Integer.toString(freePort()));
        env.put("NODE_BASE_PORT", Integer.toString(freePortRun(nodes)));
        env.put("TOTAL_MEMORY_BUDGET_MIB", Integer.toString(totalBudgetMib));
        env.put("NODE_HEAP", "384m");
        env.put("STAGING_GRAPH_LEASE_SECONDS", Integer.toString(leaseSeconds));
        if (s3ProxyClasspath != null) {
            env.put("S3PROXY_CLASSPATH", s3ProxyClasspath); // else the script asks Maven for it
        }
        LocalCluster cluster = new LocalCluster(repository.resolve("deploy"), state, nodes, env);
        try {
            cluster.script("start-local.sh");
        } catch (RuntimeException e) {
            try {
                cluster.close(); // what did start is stopped again, by its pid files
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return cluster;
    }

    /** Starts the same topology again on the same state (a whole-cluster restart). */
    public LocalCluster restart() {
        script("start-local.sh");
        return this;
    }

    public String node(int index) {
        return "http://127.0.0.1:" + (nodeBasePort + index - 1);
    }

    public Path nodeDirectory(int index) {
        return state.resolve("node-" + index);
    }

    /** The S3 access key and secret the store was started with. */
    public List<String> s3Credentials() {
        try {
            return List.of("staging", Files.readString(state.resolve("s3-secret")).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL to one node, as {@code kill -9}: by the id in its pid file. Returns once it is gone. */
    public void kill(int index) {
        try {
            long pid = Long.parseLong(Files.readString(state.resolve("node-" + index + ".pid")).strip());
            ProcessHandle.of(pid).ifPresent(process -> {
                process.destroyForcibly();
                process.onExit().join();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the state directory (once stopped). */
    public void deleteState() {
        try (var paths = Files.walk(state)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        script("stop-local.sh");
    }

    private void script(String name) {
        try {
            Path log = Files.createTempFile("cluster-" + name, ".log");
            ProcessBuilder builder = new ProcessBuilder(deploy.resolve(name).toString(), state.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + START_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed (" + process.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first of {@code count} consecutive free ports. */
    private static int freePortRun(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = 20000 + (int) (Math.random() * 20000);
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IllegalStateException("No run of " + count + " free ports found");
    }
}
