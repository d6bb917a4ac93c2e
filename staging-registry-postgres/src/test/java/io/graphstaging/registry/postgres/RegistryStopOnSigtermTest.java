package io.graphstaging.registry.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop of a process that runs the embedded registry: SIGTERM runs every shutdown
 * hook at once, so only the owner's ordered close may stop the server, after the call in flight.
 */
class RegistryStopOnSigtermTest {

    @Test
    void aSigtermLetsTheCallInFlightFinishBeforeTheServerStops(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("child-registry");
        Path output = dir.resolve("child.out");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GracefulStopProcess.class.getName(), data.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!Files.readAllLines(output).contains("READY") && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(Files.readAllLines(output)).as(Files.readString(output)).contains("READY");

            child.destroy(); // SIGTERM: the shutdown hooks run

            assertThat(child.waitFor(90, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(Files.readAllLines(output)).as(Files.readString(output)).contains("WORKER OK", "CLOSED");
        assertThat(data.resolve("postmaster.pid")).as("the server was stopped").doesNotExist();
    }
}
