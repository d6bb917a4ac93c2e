package io.graphstaging.tests.e2e;

import io.graphstaging.core.testing.BoundedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child process of an end-to-end test run to its end, a bounded time ({@link BoundedProcess}):
 * a child past its time is killed with its descendants and the test fails with what it printed.
 */
final class ChildProcess {
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
        BoundedProcess.Ended ended;
        try {
            ended = BoundedProcess.run(builder, output, timeout);
        } finally {
            Files.delete(output); // a test may run many (a terminal's screen is polled)
        }
        if (ended.exitCode().isEmpty()) {
            throw new AssertionError(what + " ran longer than " + timeout.toSeconds() + " s and was killed; its output so far:\n"
                    + ended.output());
        }
        return new Ended(ended.exitCode().getAsInt(), ended.output());
    }
}
