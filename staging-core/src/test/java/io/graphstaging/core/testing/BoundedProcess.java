package io.graphstaging.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Runs a test's child process to its end, a bounded time. Its output (standard error merged)
 * goes to a file, not a pipe, so that waiting never depends on the child, or a process it left
 * behind, closing its end; a child past its time is killed with its descendants.
 */
public final class BoundedProcess {
    /** How long a killed process tree may take to be gone (at once, unless stuck in the kernel). */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    /** How the child ended: its exit code, or none when it was killed at the deadline; all it printed. */
    public record Ended(OptionalInt exitCode, String output) {}

    private BoundedProcess() {}

    /**
     * Starts {@code builder} with its output into {@code output} and waits for its end, at most
     * {@code timeout}. Interrupted, it kills the child too: no child outlives its test.
     *
     * @throws IllegalStateException when a killed process is still there after the kill's wait
     */
    public static Ended run(ProcessBuilder builder, Path output, Duration timeout) throws IOException, InterruptedException {
        Process child = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = false;
        try {
            ended = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (!ended) {
                killTree(child);
            }
        }
        return new Ended(ended ? OptionalInt.of(child.exitValue()) : OptionalInt.empty(),
                Files.readString(output, StandardCharsets.UTF_8));
    }

    private static void killTree(Process child) throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(child.descendants(), Stream.of(child.toHandle())).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Pid only: a command line may carry a test's credentials.
            throw new IllegalStateException("Killed child " + child.pid() + " and its descendants, but not all were gone after "
                    + KILL_WAIT.toSeconds() + " s", e);
        }
    }
}
