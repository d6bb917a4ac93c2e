package io.graphstaging.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server jar's own command line: --version, --help, and a port in use as one clear line. */
class ServerCommandLineE2eTest {
    /** A JVM start, and for a port in use the embedded registry's start too: seconds, a few minutes at worst. */
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private static ChildProcess.Ended run(Path dir, List<String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", ServerProcess.JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("STAGING_") || name.startsWith("DUCKDB_")
                || name.startsWith("LBUG_") || name.startsWith("AWS_"));
        for (int i = 0; i + 1 < env.size(); i += 2) {
            builder.environment().put(env.get(i), env.get(i + 1));
        }
        return ChildProcess.run("java -jar staging-http.jar " + String.join(" ", args), builder, dir, TIMEOUT);
    }

    @Test
    void versionAndHelp(@TempDir Path dir) throws Exception {
        ChildProcess.Ended version = run(dir, List.of(), "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("graph-staging server ");
        ChildProcess.Ended help = run(dir, List.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("Usage: java -jar staging-http.jar").contains("Example:");
        assertThat(run(dir, List.of(), "--bogus").exitCode()).isEqualTo(1);
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ChildProcess.Ended refused = run(dir, List.of("STAGING_HTTP_HOST", "127.0.0.1", "STAGING_HTTP_PORT",
                    Integer.toString(taken.getLocalPort())));
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
            assertThat(refused.output().strip().lines()).as(refused.output()).singleElement().asString()
                    .startsWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (STAGING_HTTP_HOST, STAGING_HTTP_PORT)");
        }
    }
}
