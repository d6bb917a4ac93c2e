package io.graphstaging.tests.bench.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The server jar run as its own process, as users run it (the benchmarks measure it from outside). */
final class JarServer implements AutoCloseable {
    final String base;
    final Path log;
    private final Process process;

    private JarServer(String base, Path log, Process process) {
        this.base = base;
        this.log = log;
        this.process = process;
    }

    static Path jar() {
        for (Path candidate : List.of(Path.of("staging-http/target/staging-http.jar"),
                Path.of("../staging-http/target/staging-http.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("staging-http/target/staging-http.jar not found: run mvn -B -q install -DskipTests first");
    }

    /** Starts the jar in {@code workDir} with {@code -Xmx<heap>} and the given environment, and waits for /health. */
    static JarServer start(Path workDir, String heap, Map<String, String> env) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = workDir.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar().toString())
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(n -> n.startsWith("AWS_") || n.startsWith("STAGING_")
                || n.startsWith("DUCKDB_") || n.startsWith("LBUG_"));
        builder.environment().putAll(env);
        builder.environment().put("STAGING_HTTP_PORT", Integer.toString(port));
        JarServer server = new JarServer("http://127.0.0.1:" + port, log, builder.start());
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!server.process.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(server.base + "/health")).build(), HttpResponse.BodyHandlers.discarding());
                return server;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        server.close();
        throw new IllegalStateException("server did not start: " + Files.readString(log));
    }

    /** The CPU time the server process has used so far (all its threads). */
    Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "this system does not report a process's CPU time"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
