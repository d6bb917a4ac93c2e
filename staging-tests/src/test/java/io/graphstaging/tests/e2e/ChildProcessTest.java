package io.graphstaging.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tests' children are bounded: however a child behaves, the test ends, and no process outlives it. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChildProcessTest {
    @Test
    void aChildThatEndsGivesItsExitCodeAndAllItPrinted(@TempDir Path dir) throws Exception {
        ChildProcess.Ended ended = ChildProcess.run("sh", new ProcessBuilder("sh", "-c", "echo out; echo err >&2; exit 3"),
                dir, Duration.ofSeconds(20));

        assertThat(ended.exitCode()).isEqualTo(3);
        assertThat(ended.output()).contains("out\n").contains("err\n");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aChildEndedWhileItsOwnChildHoldsTheOutputIsNotWaitedFor(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("pid");
        try {
            ChildProcess.Ended ended = ChildProcess.run("sh", new ProcessBuilder("sh", "-c",
                    "sleep 600 & echo $! > '" + pid + "'; echo started"), dir, Duration.ofSeconds(20));

            assertThat(ended.exitCode()).isZero();
            assertThat(ended.output()).isEqualTo("started\n");
        } finally {
            ProcessHandle.of(pid(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aChildPastItsTimeIsKilledWithItsChildrenAndFailsWithItsOutput(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("pid");

        assertThatThrownBy(() -> ChildProcess.run("the sleeper", new ProcessBuilder("sh", "-c",
                "sleep 600 & echo $! > '" + pid + "'; echo so far; wait"), dir, Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the sleeper ran longer than 1 s and was killed")
                .hasMessageEndingWith("so far\n");

        assertThat(ProcessHandle.of(pid(pid)).filter(ProcessHandle::isAlive)).as("its child").isEmpty();
    }

    private static long pid(Path file) throws Exception {
        return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
    }
}
