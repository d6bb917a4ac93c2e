package io.graphstaging.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server jar's own command line: --version, --help, and a port in use as one clear line. */
class ServerCommandLineE2eTest {
    private record Run(int exitCode, String output) {}

    private static Run run(Path dir, List<String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", ServerProcess.JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("STAGING_") || name.startsWith("DUCKDB_")
                || name.startsWith("LBUG_") || name.startsWith("AWS_"));
        for (int i = 0; i + 1 < env.size(); i += 2) {
            builder.environment().put(env.get(i), env.get(i + 1));
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    @Test
    void versionAndHelp(@TempDir Path dir) throws Exception {
        Run version = run(dir, List.of(), "--version");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("graph-staging server ");
        Run help = run(dir, List.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("Usage: java -jar staging-http.jar").contains("Example:");
        assertThat(run(dir, List.of(), "--bogus").exitCode()).isEqualTo(1);
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run refused = run(dir, List.of("STAGING_HTTP_HOST", "127.0.0.1", "STAGING_HTTP_PORT",
                    Integer.toString(taken.getLocalPort())));
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
            assertThat(refused.output().strip().lines()).as(refused.output()).singleElement().asString()
                    .startsWith("Cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (STAGING_HTTP_HOST, STAGING_HTTP_PORT)");
        }
    }
}
