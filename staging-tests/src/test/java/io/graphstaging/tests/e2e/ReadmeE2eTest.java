package io.graphstaging.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command block of the README, run in order as a newcomer runs them at the repository root:
 * here a scratch directory holding the built modules and examples (so {@code ./data} is new), with
 * no configuration but the defaults (local object store, embedded PostgreSQL). Each block is
 * marked in the README's source with what it needs: {@code server} (the server jar running, as
 * command 1 leaves it), {@code no-server} (stopped: the command line and library hold the data
 * directories themselves), {@code any}; the {@code build} block is this build. The only change to
 * the text: the server's port, a free one instead of 8001.
 */
class ReadmeE2eTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- readme-test: (\\S+)[^>]*-->\\n)?```bash\\n(.*?)```", Pattern.DOTALL);

    /** A block's commands: JVM starts, a server's stop, a load of a few thousand rows. */
    private static final Duration BLOCK_TIMEOUT = Duration.ofMinutes(5);
    /**
     * The blocks start about fifteen short JVMs (source-file examples, command-line runs, each with
     * its embedded PostgreSQL): given, through the environment the {@code java} launcher reads, the
     * compiler and collector the other end-to-end processes run with ({@link ServerProcess},
     * {@link CliProcess}), they take a third less CPU from the other test JVM. The commands stay as
     * written and do the same.
     */
    static final String JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    record Block(String needs, String commands) {}

    static List<Block> blocks() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(new Block(m.group(1), m.group(2)));
        }
        return blocks;
    }

    @Test
    void everyCommandInTheReadmeRunsAsWritten(@TempDir Path root) throws Exception {
        List<Block> blocks = blocks();
        assertThat(blocks).as("every bash block says what it needs").allSatisfy(b -> assertThat(b.needs())
                .isIn("build", "server", "no-server", "any"));
        assertThat(blocks.get(0).needs()).isEqualTo("build");
        assertThat(blocks.get(0).commands()).contains("mvn -B -q install -DskipTests && java -jar staging-http/target/staging-http.jar")
                .contains("mvn -B -T 2 verify");
        for (String module : new String[] {"staging-http", "staging-cli", "examples"}) {
            Files.createSymbolicLink(root.resolve(module), ROOT.resolve(module));
        }
        ServerProcess server = null;
        StringBuilder transcript = new StringBuilder();
        try {
            for (Block block : blocks.subList(1, blocks.size())) {
                if (block.needs().equals("server") && server == null) {
                    server = ServerProcess.start(root, Map.of(), E2eServer.MAX_HEAP);
                } else if (block.needs().equals("no-server") && server != null) {
                    server.close();
                    server = null;
                }
                String commands = server == null ? block.commands()
                        : block.commands().replace("localhost:8001", "localhost:" + server.port);
                String output = run(root, commands);
                transcript.append("$ ").append(block.commands()).append(output);
                assertThat(output).as("error answers in\n" + transcript).doesNotContain("\"detail\"");
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
        // What the blocks are for, seen in their output.
        assertThat(transcript.toString()).as(transcript.toString())
                .contains("\"status\":\"success\"")                       // staged and materialized over HTTP
                .contains("\"columns\"")                                   // the SQL and Cypher answers
                .contains("Loaded graph demo: 2 tables, 2,000 rows staged")  // the command line's load
                .contains("Materialized demo/links: 1,000 rows loaded")      // the rebuild's reload
                .contains("people with identifier > 500: 500")             // the library example
                .contains("loaded into the graph: ");
    }

    private static String run(Path root, String commands) throws IOException, InterruptedException {
        Path script = Files.writeString(Files.createTempFile(root, "block", ".sh"), "set -euo pipefail\n" + commands);
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(root.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("STAGING_")
                || name.startsWith("DUCKDB_") || name.startsWith("LBUG_"));
        builder.environment().put("JDK_JAVA_OPTIONS", JAVA_OPTIONS);
        ChildProcess.Ended ended = ChildProcess.run(commands, builder, root, BLOCK_TIMEOUT);
        assertThat(ended.exitCode()).as("exit code of\n" + commands + "\n" + ended.output()).isZero();
        return ended.output();
    }
}
