package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.testing.ChildJvm;
import io.graphstaging.ladybug.testing.MaterializeUntilKilled;
import io.graphstaging.ladybug.testing.StagedTables;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a materialize's graph write, in a real second process: the graph
 * table that call created is dropped when the graph's database next opens (a rebuild's new
 * table too, the old one kept); tables that are the user's stay.
 */
class KilledMaterializeTest {
    private static final GraphId G = MaterializeUntilKilled.GRAPH;

    @TempDir
    Path tmp;

    private LadybugGraphSink sink() {
        return new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(64L << 20)
                .withMaxThreads(1), MemoryBudget.unlimited());
    }

    /** Writes {@code table} into the graph in another JVM and kills it (SIGKILL) while its copy waits for rows. */
    private void killDuringMaterialize(String table, String... mode) throws Exception {
        List<String> args = new ArrayList<>(List.of(tmp.toString(), table));
        args.addAll(List.of(mode));
        Process process = ChildJvm.builder(tmp, MaterializeUntilKilled.class, args.toArray(String[]::new)).start();
        // A child that never reaches the copy is killed, so the read below ends instead of hanging.
        CompletableFuture.runAsync(process::destroyForcibly, CompletableFuture.delayedExecutor(2, TimeUnit.MINUTES));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null && !line.equals(MaterializeUntilKilled.READY)) {
                seen.append(line).append('\n');
            }
            assertThat(line).as("the child reached the copy; it printed:\n%s", seen).isEqualTo(MaterializeUntilKilled.READY);
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    private List<String> tablesInTheFile() {
        try (Database db = Database.open(tmp.resolve("graphs").resolve("g.lbug"), new DatabaseConfig(64L << 20, 1, true, false, 1L << 30));
             Connection c = db.connect()) {
            return c.query("CALL show_tables() RETURN name").rows().stream().map(r -> r.getString(0)).sorted().toList();
        }
    }

    @Test
    void aNodeTableAKilledMaterializeCreatedIsDroppedWhenTheGraphOpensAgain() throws Exception {
        killDuringMaterialize("Entity");
        assertThat(tablesInTheFile()).contains("Entity");

        try (LadybugGraphSink sink = sink()) {
            assertThat(sink.tables(G)).isEmpty();
        }
        assertThat(tablesInTheFile()).doesNotContain("Entity");
    }

    @Test
    void aRebuildKilledDuringItsCopyLeavesTheOldTableWithItsRowsAndRecord() throws Exception {
        try (StagedTables staging = new StagedTables(tmp.resolve("duck"));
             LadybugGraphSink sink = sink()) {
            TableName entity = TableName.of("Entity");
            staging.stage(G, entity, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 3) t(i)");
            GraphTarget target = sink.target(G, staging.schema(G, entity), Optional.empty(), Optional.empty(), Optional.empty());
            try (ParquetFile rows = staging.export(G, entity, target)) {
                sink.write(G, target, new GraphWrite(rows, staging.none(target), staging.none(target), false, false, false,
                        Optional.of(new StagingPosition(1, 1))));
            }
        }

        killDuringMaterialize("Entity", MaterializeUntilKilled.REBUILD);
        assertThat(tablesInTheFile()).as("the new table, being filled").contains("$rebuild_Entity");

        try (LadybugGraphSink sink = sink()) {
            assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 3));
            assertThat(sink.syncRecords(G).get("entity").position()).isEqualTo(new StagingPosition(1, 1));
        }
        assertThat(tablesInTheFile()).doesNotContain("$rebuild_Entity");
    }

    @Test
    void tablesThatAreTheUsersStayAndOnlyTheUnfinishedOneGoes() throws Exception {
        try (StagedTables staging = new StagedTables(tmp.resolve("duck"));
             LadybugGraphSink sink = sink()) {
            TableName entity = TableName.of("Entity");
            TableName empty = TableName.of("Empty");
            staging.stage(G, entity, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 3) t(i)");
            staging.stage(G, empty, "SELECT 1::BIGINT AS identifier, 'f' AS file_id WHERE false");
            staging.load(sink, G, entity);
            staging.load(sink, G, empty);
        }

        killDuringMaterialize("links"); // a relationship table between the existing Entity nodes
        assertThat(tablesInTheFile()).contains("links");
        killDuringMaterialize("Entity"); // a re-materialize: the table existed, nothing to drop

        try (LadybugGraphSink sink = sink()) {
            assertThat(sink.tables(G)).containsExactlyInAnyOrder(
                    new GraphTableStats("Entity", GraphTableKind.NODE, 3),
                    new GraphTableStats("Empty", GraphTableKind.NODE, 0));
        }
    }
}
