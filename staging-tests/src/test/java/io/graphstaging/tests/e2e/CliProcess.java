package io.graphstaging.tests.e2e;

import io.graphstaging.core.testing.BoundedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The command line as users run it: {@code staging-cli/target/graph-staging} (the launcher
 * script beside the runnable jar, built by the staging-cli module before this one), as a process
 * with only the given environment as configuration.
 */
public final class CliProcess {
    static final Path LAUNCHER = Path.of("..", "staging-cli", "target", "graph-staging").toAbsolutePath().normalize();
    private static final Path JAR = LAUNCHER.resolveSibling("staging-cli.jar");
    /** Each command is a short JVM whose work is in the engines (as for the server, {@link ServerProcess}). */
    private static final String JAVA_OPTS = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** What a finished run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        /** The standard output's lines. */
        public List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path workDir;
    private final Map<String, String> env;

    CliProcess(Path workDir, Map<String, String> env) {
        this.workDir = workDir;
        this.env = Map.copyOf(env);
    }

    /** Runs a command to its end. */
    public Result run(String... args) {
        Process process = start(args);
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("graph-staging " + String.join(" ", args) + " ran longer than " + TIMEOUT);
            }
            return result(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts a command without waiting (its output goes to files read by {@link #result}). The first
     * command of a build on an external registry first trains the jar's {@link ClassArchive}.
     */
    public Process start(String... args) {
        if (!Files.isExecutable(LAUNCHER) || !Files.isRegularFile(JAR)) {
            throw new IllegalStateException("Missing " + LAUNCHER + ": build staging-cli first (mvn -B install -DskipTests)");
        }
        ClassArchive archive = ClassArchive.of(JAR);
        if (env.containsKey("STAGING_REGISTRY_JDBC_URL")) {
            archive.ensure(this::train);
        }
        try {
            return builder(workDir, env, archive.options(), args).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ProcessBuilder builder(Path dir, Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("cli.out").toFile())
                .redirectError(dir.resolve("cli.err").toFile());
        Map<String, String> processEnv = builder.environment();
        processEnv.keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("STAGING_")
                || name.startsWith("DUCKDB_") || name.startsWith("LBUG_"));
        processEnv.put("GRAPH_STAGING_JAVA_OPTS", String.join(" ", JAVA_OPTS, String.join(" ", jvmOptions)).trim());
        processEnv.putAll(env);
        return builder;
    }

    /**
     * The training run of the class archive: a command that opens both engines and the registry
     * ({@code graph status} of a new graph) on this command line's registry and object store but
     * its own data directories.
     */
    private void train(List<String> archiveOptions) throws IOException {
        Path dir = Files.createTempDirectory("cli-training-");
        try {
            Map<String, String> own = ClassArchive.trainingEnvironment(env, dir);
            // A run killed at its deadline writes no archive: ClassArchive says so and starts without one.
            BoundedProcess.run(builder(dir, own, archiveOptions, "graph", "status", "--graph", "training"),
                    dir.resolve("cli.out"), TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The output of a process started by {@link #start}, once it ended. */
    public Result result(Process process) {
        try {
            return new Result(process.waitFor(), Files.readString(workDir.resolve("cli.out"), StandardCharsets.UTF_8),
                    Files.readString(workDir.resolve("cli.err"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The standard error written so far by a running process. */
    public String errSoFar() {
        try {
            return Files.readString(workDir.resolve("cli.err"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
