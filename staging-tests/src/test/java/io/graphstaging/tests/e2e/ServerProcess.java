package io.graphstaging.tests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The runnable jar ({@code staging-http/target/staging-http.jar}, built by the staging-http module
 * before this one) started as a process: the server exactly as users run it, in its own JVM (its
 * Jetty 11 cannot share a classpath with S3Proxy's Jetty 12 anyway).
 */
public final class ServerProcess implements AutoCloseable {
    static final Path JAR = Path.of("..", "staging-http", "target", "staging-http.jar").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /**
     * A test server lives seconds to a minute and its work is in the engines' native code: the
     * optimising compiler and a concurrent collector would only take CPU from the other test JVM
     * (as for the command line's processes, {@link CliProcess}). What the server does is the same.
     */
    private static final String JIT = "-XX:TieredStopAtLevel=1";
    private static final String GC = "-XX:+UseSerialGC";

    final Path workDir;
    final Path log;
    final int port;
    final String base;
    private final Process process;
    private boolean stopped;

    private ServerProcess(Path workDir, Path log, int port, Process process) {
        this.workDir = workDir;
        this.log = log;
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
        this.process = process;
    }

    /**
     * Starts the jar in {@code workDir} with only {@code env} (plus a free {@code STAGING_HTTP_PORT})
     * as configuration, and waits until it answers {@code /health}. The first start of a build on an
     * external registry first trains the jar's {@link ClassArchive}.
     */
    static ServerProcess start(Path workDir, Map<String, String> env, String maxHeap) {
        requireJar();
        if (env.containsKey("STAGING_REGISTRY_JDBC_URL")) {
            archive().ensure(options -> train(env, maxHeap, options));
        }
        try {
            int port = freePort();
            Path log = workDir.resolve("server.log");
            ServerProcess server = new ServerProcess(workDir, log, port, launch(workDir, env, maxHeap, port, log));
            server.awaitAnswer();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireJar() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("Missing " + JAR + ": build staging-http first (mvn -B install -DskipTests)");
        }
    }

    private static ClassArchive archive() {
        return ClassArchive.of(JAR);
    }

    /**
     * The training run of the class archive: the server on {@code env}'s registry and object store
     * but its own data directories, started until it answers {@code /health} (which opens both
     * engines), then stopped. On a new registry database it only applies the migrations first.
     */
    private static void train(Map<String, String> env, String maxHeap, List<String> archiveOptions) throws IOException {
        Path dir = Files.createTempDirectory("server-training-");
        try {
            Map<String, String> own = ClassArchive.trainingEnvironment(env, dir);
            int port = freePort();
            Path log = dir.resolve("server.log");
            ServerProcess server = new ServerProcess(dir, log, port, launch(dir, own, maxHeap, port, log, archiveOptions));
            try {
                server.awaitAnswer();
            } finally {
                // The JVM writes the archive as it exits: give it time before a kill would lose it.
                if (!server.stop(Duration.ofSeconds(120))) {
                    server.kill();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Starts the jar without waiting for it; output (stdout and stderr) goes to {@code log}. */
    static Process launch(Path workDir, Map<String, String> env, String maxHeap, int port, Path log) throws IOException {
        requireJar();
        return launch(workDir, env, maxHeap, port, log, archive().options());
    }

    private static Process launch(Path workDir, Map<String, String> env, String maxHeap, int port, Path log,
                                  List<String> jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, JIT, GC));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> processEnv = builder.environment();
        // No configuration leaks in from the machine running the tests.
        processEnv.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("STAGING_")
                || name.startsWith("DUCKDB_") || name.startsWith("LBUG_"));
        processEnv.put("STAGING_HTTP_PORT", Integer.toString(port));
        processEnv.putAll(env);
        return builder.start();
    }

    private void awaitAnswer() {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notListeningYet) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("The server did not answer within " + START_TIMEOUT + ":\n" + logText());
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** SIGKILL, as {@code kill -9}: the server gets no chance to clean up. Returns once it is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        stopped = true;
    }

    /** SIGTERM, the graceful path; returns whether the process exited within the timeout. */
    boolean stop(Duration timeout) {
        process.destroy();
        try {
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            stopped = exited;
            return exited;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (!stopped && !stop(Duration.ofSeconds(60))) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
