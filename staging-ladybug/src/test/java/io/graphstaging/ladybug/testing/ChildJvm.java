package io.graphstaging.ladybug.testing;

import io.graphstaging.core.testing.BoundedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a class of this module's test class path in a child JVM, a bounded time
 * ({@link BoundedProcess}). The children run engine code that may corrupt memory on purpose (a
 * documented defect), and a corrupted process can hang as well as crash.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * Runs {@code mainClass} with {@code args} in {@code dir} (its crash report, if any, goes there)
     * with {@code environment} added, and returns when it ends or, killed, after {@code timeout}.
     */
    public static BoundedProcess.Ended run(Path dir, Duration timeout, Map<String, String> environment, Class<?> mainClass,
                                           String... args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        ProcessBuilder builder = builder(dir, mainClass, args);
        builder.environment().putAll(environment);
        return BoundedProcess.run(builder, dir.resolve("child.out"), timeout);
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
