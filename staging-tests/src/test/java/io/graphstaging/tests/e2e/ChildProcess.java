package io.graphstaging.tests.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A child process of a test run to its end, a bounded time. Its output (standard error merged)
 * goes to a file, not a pipe, so that waiting never depends on the child, or a process it left
 * behind, closing its end; a child past its time is killed with its descendants and the test
 * fails with what it printed.
 */
final class ChildProcess {
    /** How long a killed child may take to be gone. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    /** A child that ended: its exit code and all it printed. */
    record Ended(int exitCode, String output) {}

    private ChildProcess() {}

    /**
     * Starts {@code builder} with its output into a new file in {@code dir} (deleted once read) and
     * waits for its end.
     *
     * @param what the child, as a failure names it
     * @throws AssertionError when it runs longer than {@code timeout} (it is killed first)
     */
    static Ended run(String what, ProcessBuilder builder, Path dir, Duration timeout)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "child-", ".out");
        Process child = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = false;
        try {
            ended = child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (!ended) { // past its time, or the test was interrupted: no child outlives its test
                killTree(child);
            }
        }
        String printed = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
        Files.delete(output); // a test may run many (a terminal's screen is polled)
        if (!ended) {
            throw new AssertionError(what + " ran longer than " + timeout.toSeconds()
                    + " s and was killed" + (child.isAlive() ? " (but is still running, pid " + child.pid() + ")" : "")
                    + "; its output so far:\n" + printed);
        }
        return new Ended(child.exitValue(), printed);
    }

    /** Kills the child and its descendants, and waits (a bounded time) until they are gone. */
    private static void killTree(Process child) throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(child.descendants(), Stream.of(child.toHandle())).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Killed but not gone yet (stuck in the kernel): the failure says so.
        }
    }
}
