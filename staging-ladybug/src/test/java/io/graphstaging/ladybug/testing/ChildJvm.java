package io.graphstaging.ladybug.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs a class of this module's test class path in a child JVM and waits for it a bounded time.
 * The children run engine code that may corrupt memory on purpose (a documented defect), and a
 * corrupted process can hang as well as crash: its output goes to a file, not a pipe, so that
 * waiting never depends on the child closing its end, and a child past its time is killed.
 */
public final class ChildJvm {
    /** How the child ended: its exit code, or none when it was killed at the deadline; all it printed. */
    public record Outcome(OptionalInt exitCode, String output) {}

    private ChildJvm() {}

    /**
     * Runs {@code mainClass} with {@code args} in {@code dir} (its crash report, if any, goes there)
     * with {@code environment} added, and returns when it ends or after {@code timeout}.
     */
    public static Outcome run(Path dir, Duration timeout, Map<String, String> environment, Class<?> mainClass,
                              String... args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path output = dir.resolve("child.out");
        ProcessBuilder builder = builder(dir, mainClass, args).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process child = builder.start();
        OptionalInt exitCode;
        if (child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            exitCode = OptionalInt.of(child.exitValue());
        } else {
            child.destroyForcibly().waitFor();
            exitCode = OptionalInt.empty();
        }
        return new Outcome(exitCode, Files.readString(output, StandardCharsets.UTF_8));
    }

    /**
     * A child JVM running {@code mainClass} with {@code args} in {@code dir} (its crash report, if
     * any, goes there), standard error merged into its output; for a caller that reads it as it comes.
     */
    public static ProcessBuilder builder(Path dir, Class<?> mainClass, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:ErrorFile=" + dir.resolve("hs_err.log"),
                "-XX:-CreateCoredumpOnCrash", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    }
}
