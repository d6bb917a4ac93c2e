package io.graphstaging.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.registry.testing.PostgresTestServer;
import io.graphstaging.registry.testing.SharedPostgresExtension;
import io.graphstaging.s3.testing.S3ProxyExtension;
import io.graphstaging.s3.testing.S3ProxyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code graph-staging} command line run as a process, as users run it, against S3Proxy (with
 * signature checks) and a real PostgreSQL registry: a whole load from a manifest, the other
 * commands, exit codes, progress when output is not a terminal, Ctrl-C, and the data directory a
 * running server holds.
 *
 * <p>Each command is a JVM start with the engines, the slow part here: one graph is loaded once
 * ({@link #loadOnce}) and the tests that read or change it share it, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({S3ProxyExtension.class, SharedPostgresExtension.class})
class CommandLineE2eTest {
    private static final String BUCKET = "e2e-cli";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BIG_PARTS = 32;
    private static final int BIG_ROWS = 200_000;

    private S3ProxyServer s3;
    private PostgresTestServer postgres;
    /** The command line on the shared directories, where graph "social" is loaded. */
    private CliProcess shared;
    private CliProcess.Result load;

    @BeforeAll
    void loadOnce(S3ProxyServer s3, PostgresTestServer postgres, @TempDir Path temp) throws IOException {
        this.s3 = s3;
        this.postgres = postgres;
        Path files = Files.createDirectories(temp.resolve("files"));
        s3.createBucket(BUCKET);
        s3.putObject(BUCKET, "people/a.parquet", ParquetFiles.write(files.resolve("a.parquet"),
                "SELECT i AS identifier, 'a' || i AS name FROM range(1, 101) t(i)"));
        s3.putObject(BUCKET, "people/b.parquet", ParquetFiles.write(files.resolve("b.parquet"),
                "SELECT i AS identifier, 'b' || i AS name FROM range(51, 151) t(i)"));
        s3.putObject(BUCKET, "knows/k.parquet", ParquetFiles.write(files.resolve("k.parquet"),
                "SELECT i AS \"from\", i + 1 AS \"to\", (i * 0.5)::DOUBLE AS weight FROM range(1, 51) t(i)"));
        s3.putObject(BUCKET, "knows/dangling.parquet", ParquetFiles.write(files.resolve("dangling.parquet"),
                "SELECT i AS \"from\", 1000 + i AS \"to\" FROM range(1, 21) t(i)"));
        // A plain table (no identifier, no from/to); enough objects that fetching them takes a while,
        // so Ctrl-C lands while they are fetched.
        Path big = ParquetFiles.write(files.resolve("big.parquet"),
                "SELECT i AS n, 'row ' || i AS label, i % 7 AS bucket FROM range(0, " + BIG_ROWS + ") t(i)");
        for (int i = 0; i < BIG_PARTS; i++) {
            s3.putObject(BUCKET, "big/part-" + i + ".parquet", big);
        }

        Path dir = Files.createDirectories(temp.resolve("shared"));
        shared = cli(dir, Map.of());
        // The relationship tables are listed first: load materializes the node table before them.
        Path manifest = write(dir.resolve("graph.yaml"), """
                graph: social
                ignore_errors: true
                tables:
                  - table: knows
                    uris: [s3://e2e-cli/knows/k.parquet]
                    from: people
                    to: people
                  - table: owes
                    uris: [s3://e2e-cli/knows/dangling.parquet]
                    file_ids: {s3://e2e-cli/knows/dangling.parquet: d}
                    from: people
                    to: people
                  - table: people
                    uris: [s3://e2e-cli/people/a.parquet, s3://e2e-cli/people/b.parquet]
                    file_ids: {s3://e2e-cli/people/a.parquet: a, s3://e2e-cli/people/b.parquet: b}
                    kind: node
                  - table: rows
                    uris: [s3://e2e-cli/big/part-0.parquet]
                    kind: plain
                """);
        load = shared.run("load", manifest.toString(), "--json", "--progress", "plain");
    }

    /** A command line with its own directories and registry database, in {@code dir}. */
    private CliProcess cli(Path dir, Map<String, String> extra) {
        return new CliProcess(dir, E2eServer.environment(s3, postgres, dir, extra));
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> jsonLines(String text) {
        return text.lines().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Test
    @Order(1)
    void loadsAWholeGraphFromAManifestInDependencyOrderThenQueriesIt() {
        // Rows the graph rejected (ignore_errors: true): done, exit code 3, each reject named.
        assertThat(load.exitCode()).as(load.toString()).isEqualTo(3);
        List<JsonNode> events = jsonLines(load.out());
        assertThat(events).extracting(e -> e.get("event").asText() + " " + e.path("table").asText(""))
                .containsExactly("staged knows", "staged owes", "staged people", "staged rows", "materialized people",
                        "materialized knows", "materialized owes", "loaded ");
        assertThat(events.get(2).get("rows").asLong()).isEqualTo(150);
        assertThat(events.get(2).get("kind").asText()).isEqualTo("node");
        assertThat(events.get(3).get("kind").asText()).isEqualTo("plain");
        assertThat(events.get(5).get("rows_ingested").asLong()).isEqualTo(50);
        JsonNode owes = events.get(6);
        assertThat(owes.get("rows_rejected").asLong()).isEqualTo(20);
        assertThat(owes.get("rejects")).hasSize(20);
        assertThat(owes.get("rejects")).allSatisfy(r -> {
            assertThat(r.get("file_id").asText()).isEqualTo("d");
            assertThat(r.get("key").toString()).containsPattern("10[0-2][0-9]");
            assertThat(r.get("reason").asText()).isNotBlank();
        });
        assertThat(events.get(7).get("rows_staged").asLong()).isEqualTo(150 + 50 + 20 + BIG_ROWS);
        assertThat(events.get(7).get("rows_rejected").asLong()).isEqualTo(20);
        // Not a terminal: plain progress lines on standard error, never on standard output.
        assertThat(load.err()).contains("stage people: fetching").contains("stage people: staging 2/2 objects")
                .contains("materialize knows: loading");
        assertThat(load.out()).doesNotContain("fetching");

        CliProcess.Result status = shared.run("graph", "status", "--graph", "social", "--json");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(jsonLines(status.out())).extracting(e -> e.get("table").asText() + " " + e.get("kind").asText() + " "
                        + e.get("staged_rows").asLong() + " " + e.get("graph_rows").asLong())
                .containsExactlyInAnyOrder("people node 150 150", "knows relationship 50 50", "owes relationship 20 0");
        assertThat(jsonLines(status.out())).filteredOn(e -> e.get("table").asText().equals("people")).singleElement()
                .satisfies(p -> {
                    assertThat(p.get("in_sync").asBoolean()).isTrue();
                    assertThat(p.get("last_materialized_at").asText()).isNotBlank();
                });

        CliProcess.Result csv = shared.run("query", "--graph", "social", "--format", "csv", "--sql",
                "SELECT identifier, name FROM people WHERE identifier > ? ORDER BY identifier LIMIT 2", "--param", "148");
        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        assertThat(csv.lines()).containsExactly("identifier,name", "149,b149", "150,b150");

        // The graph itself, through the Cypher route's sandbox: $n bound, rows streamed as NDJSON.
        CliProcess.Result cypher = shared.run("cypher", "-g", "social", "-f", "ndjson", "--param", "n=2", "--cypher",
                "MATCH (a:people)-[k:knows]->(b:people) RETURN a.identifier AS src, b.name AS dst_name, k.weight AS w "
                        + "ORDER BY src LIMIT $n");
        assertThat(cypher.lines()).as(cypher.toString())
                .containsExactly("{\"src\":1,\"dst_name\":\"a2\",\"w\":0.5}", "{\"src\":2,\"dst_name\":\"a3\",\"w\":1.0}");
    }

    @Test
    @Order(2)
    void materializePrintsRejectsVerifiesAndRebuilds() {
        // A verify is a dry run that also compares with the graph: one run shows both, and the rejects.
        CliProcess.Result verify = shared.run("materialize", "-g", "social", "-t", "owes", "--verify",
                "--progress", "none");
        assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(3);
        assertThat(verify.out()).contains("Dry run of social/owes (sync)").contains("20 rows would be rejected")
                .contains("(the call would fail: rerun with --ignore-errors to skip them)").contains("the graph differs:")
                .containsPattern("(?m)^  rejected \\{.*10[0-2][0-9].*\\} \\(file d\\): .+$");
        assertThat(verify.out().lines().filter(l -> l.startsWith("  rejected "))).hasSize(20);

        CliProcess.Result rebuild = shared.run("materialize", "-g", "social", "-t", "people", "--mode", "rebuild",
                "--cascade", "--json");
        assertThat(rebuild.exitCode()).as(rebuild.toString()).isZero();
        assertThat(jsonLines(rebuild.out())).singleElement().satisfies(r -> {
            assertThat(r.get("mode").asText()).isEqualTo("rebuild");
            assertThat(r.get("rows_ingested").asLong()).isEqualTo(150);
            assertThat(r.get("emptied_tables")).extracting(JsonNode::asText).contains("knows");
        });

        CliProcess.Result deleted = shared.run("delete-file", "--graph", "social", "--table", "people", "--file-id", "b",
                "--json");
        assertThat(jsonLines(deleted.out())).as(deleted.toString()).singleElement()
                .satisfies(d -> assertThat(d.get("rows_deleted").asLong()).isEqualTo(100));
    }

    @Test
    @Order(3)
    void ctrlCCancelsTheWorkAndLeavesTheTableAsItWas() throws Exception {
        Process big = shared.start("append", "-g", "social", "-t", "rows", "-p", "s3://e2e-cli/big/*.parquet",
                "--progress", "json");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        // Ctrl-C while the objects are fetched: the staging that would follow must not happen.
        while (!shared.errSoFar().contains("\"phase\":\"fetching\"") && big.isAlive() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(big.isAlive()).as("still working when interrupted: " + shared.errSoFar()).isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(big.pid())).inheritIO().start().waitFor();
        CliProcess.Result interrupted = shared.result(big);
        assertThat(interrupted.exitCode()).as(interrupted.toString()).isEqualTo(130);
        assertThat(interrupted.err()).contains("Interrupted: stopping; the tables and the graph stay as they were.");

        CliProcess.Result tables = shared.run("tables", "-g", "social");
        assertThat(tables.exitCode()).as(tables.toString()).isZero();
        assertThat(tables.lines().get(0)).startsWith("table").contains("kind").contains("rows");
        // The append left nothing behind: one file, its rows.
        assertThat(tables.out()).containsPattern("(?m)^rows\\s+plain\\s+" + BIG_ROWS + "\\s+1\\s");
    }

    @Test
    @Order(4)
    void exitCodesTellScriptsWhatWentWrong(@TempDir Path dir) throws IOException {
        CliProcess.Result usage = shared.run("stage", "--graph", "g");
        assertThat(usage.exitCode()).as(usage.toString()).isEqualTo(1);
        assertThat(usage.err()).contains("Missing required option").contains("graph-staging stage --help");

        CliProcess.Result help = shared.run("cypher", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Examples:").contains("graph-staging cypher --graph demo");

        CliProcess.Result missing = shared.run("stage", "-g", "g", "-t", "people", "--uri",
                "s3://e2e-cli/people/none.parquet");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.err()).contains("object_not_found").contains("s3://e2e-cli/people/none.parquet")
                .doesNotContain("\tat ");

        CliProcess.Result write = shared.run("cypher", "-g", "social", "--cypher", "MATCH (p:people) DETACH DELETE p");
        assertThat(write.exitCode()).as(write.toString()).isEqualTo(1);
        assertThat(write.err()).contains("query_forbidden");

        Map<String, String> badConfig = new HashMap<>(E2eServer.environment(s3, postgres, dir, Map.of()));
        badConfig.put("DUCKDB_MAX_CONNECTIONS_PER_DB", "many");
        CliProcess.Result config = new CliProcess(dir, badConfig).run("tables", "-g", "g");
        assertThat(config.exitCode()).as(config.toString()).isEqualTo(2);
        assertThat(config.err()).contains("DUCKDB_MAX_CONNECTIONS_PER_DB");

        Map<String, String> noS3 = new HashMap<>(E2eServer.environment(s3, postgres, dir, Map.of()));
        noS3.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + ServerProcess.freePort());
        noS3.put("STAGING_S3_MAX_ATTEMPTS", "1");
        CliProcess.Result unreachable = new CliProcess(dir, noS3).run("stage", "-g", "g", "-t", "people", "-p",
                "s3://e2e-cli/people/*.parquet");
        assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(4);
        assertThat(unreachable.err()).contains("object_store_failed");

        Path typo = write(dir.resolve("typo.yaml"), "graph: g\ntables:\n  - table: people\n    patern: s3://e2e-cli/x\n");
        CliProcess.Result invalid = shared.run("load", typo.toString());
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.err()).contains("unknown field 'patern'");
    }

    /**
     * Issue 16: with snapshots on, a command on directories that lack the graph (another machine)
     * first restores it from its snapshot and rebuilds its staging from the registry, as the server
     * does, instead of starting it empty (whose next snapshot would replace the one that held it).
     */
    @Test
    void withSnapshotsOnACommandOnNewDirectoriesRestoresTheGraphFirst(@TempDir Path dir) throws IOException {
        s3.createBucket("e2e-cli-snapshots");
        Path first = Files.createDirectories(dir.resolve("first"));
        Map<String, String> env = new HashMap<>(E2eServer.environment(s3, postgres, first, Map.of(
                "STAGING_GRAPH_SNAPSHOTS", "true", "STAGING_GRAPH_SNAPSHOT_URI", "s3://e2e-cli-snapshots/cli")));
        Path manifest = write(dir.resolve("kept.yaml"), """
                graph: kept
                tables:
                  - table: people
                    uris: [s3://e2e-cli/people/a.parquet]
                    kind: node
                """);
        CliProcess.Result loaded = new CliProcess(first, env).run("load", manifest.toString());
        assertThat(loaded.exitCode()).as(loaded.toString()).isZero();
        assertThat(s3.exists("e2e-cli-snapshots", "cli/kept/snapshots/latest")).isTrue();

        // Another machine: empty directories, the same registry, object store and snapshots.
        Path second = Files.createDirectories(dir.resolve("second"));
        env.put("DUCKDB_STAGING_DIR", second.resolve("duckdb-staging").toString());
        env.put("LBUG_DATABASE_DIR", second.resolve("lbug-dbs").toString());
        CliProcess.Result status = new CliProcess(second, env).run("graph", "status", "-g", "kept", "--json");

        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.err()).contains("Restored graph kept: 1 staging table(s) rebuilt from the registry");
        List<JsonNode> tables = jsonLines(status.out());
        assertThat(tables).hasSize(1);
        assertThat(tables.get(0).get("table").asText()).isEqualTo("people");
        assertThat(tables.get(0).get("staged_rows").asLong()).isEqualTo(100);
        assertThat(tables.get(0).get("graph_rows").asLong()).isEqualTo(100);
    }

    @Test
    void aDataDirectoryARunningServerHoldsIsRefusedAndLeftAlone(@TempDir Path dir) throws IOException {
        Map<String, String> env = E2eServer.environment(s3, postgres, dir.resolve("data"), Map.of());
        CliProcess cli = new CliProcess(dir, env);
        // The server's own directory (its log) is removed when it stops; the data directories stay.
        try (E2eServer server = E2eServer.startIn(Files.createDirectories(dir.resolve("server")), env)) {
            CliProcess.Result refused = cli.run("stage", "-g", "g", "-t", "people", "-p", "s3://e2e-cli/people/*.parquet");
            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
            assertThat(refused.err()).contains("The data directory DUCKDB_STAGING_DIR is in use, held by the graph-staging server")
                    .doesNotContain(dir.toString());
            assertThat(server.get("/health").statusCode()).isEqualTo(200);
        }
        CliProcess.Result afterwards = cli.run("stage", "-g", "g", "-t", "people", "-p", "s3://e2e-cli/people/*.parquet");
        assertThat(afterwards.exitCode()).as(afterwards.toString()).isZero();
    }

    @Test
    void showsProgressBarsUnderARealTerminal(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("tmux", "-V").start().waitFor() == 0, "tmux is installed (.ci/run installs it)");
        Path manifest = write(dir.resolve("graph.yaml"), """
                graph: terminal
                tables:
                  - table: people
                    pattern: s3://e2e-cli/people/*.parquet
                """);
        StringBuilder command = new StringBuilder("cd '" + dir + "' && env");
        E2eServer.environment(s3, postgres, dir, Map.of()).forEach((name, value) ->
                command.append(' ').append(name).append("='").append(value.replace("'", "'\\''")).append('\''));
        command.append(' ').append(CliProcess.LAUNCHER).append(" load graph.yaml; echo EXIT=$?; sleep 600");
        String socket = "graph-staging-test-" + ProcessHandle.current().pid();
        Terminal terminal = new Terminal(socket, dir);
        try {
            terminal.tmux("new-session", "-d", "-s", "cli", "-x", "160", "-y", "40", command.toString());
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            String pane = terminal.pane();
            while (!pane.contains("EXIT=") && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                pane = terminal.pane();
            }
            assertThat(pane).as(pane).contains("EXIT=0").contains("Loaded graph terminal: 1 tables, 150 rows staged");
            // The bars, each left at its end: the step and phase, the percentage, the amount and the unit.
            assertThat(pane).as(pane).containsPattern("stage people: staging\\s+100%.*2/2 objects")
                    .containsPattern("materialize people: loading\\s+100%.*1/1 tables");
        } finally {
            terminal.tmux("kill-server");
        }
    }

    /** A private tmux server (its own socket): send a command, read the screen; its client's output goes to {@code dir}. */
    private record Terminal(String socket, Path dir) {
        /** A tmux client only talks to its server. */
        private static final Duration TIMEOUT = Duration.ofMinutes(1);

        String tmux(String... args) throws IOException, InterruptedException {
            List<String> command = new java.util.ArrayList<>(List.of("tmux", "-L", socket));
            command.addAll(List.of(args));
            // Named by its subcommand only: a new session's command carries the test's credentials.
            return ChildProcess.run("tmux " + args[0], new ProcessBuilder(command), dir, TIMEOUT).output();
        }

        String pane() throws IOException, InterruptedException {
            return tmux("capture-pane", "-p", "-J", "-t", "cli");
        }
    }
}
