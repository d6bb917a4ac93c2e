package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.Endpoints;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.Reject;
import io.graphstaging.core.sync.SyncCounts;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.SyncPlan;
import io.graphstaging.core.sync.SyncRequest;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild's plan (one pass from the staged rows to the inserts, rejects only when rows were
 * left out) says what the full comparison with an empty graph says: the same rows to insert,
 * the same rejects with their files and reasons, the same files in the graph.
 */
class DuckDbSyncPlannerRebuildTest {
    private static final GraphId GRAPH = GraphId.of("rebuild");
    private static final String BIGINT = "BIGINT";

    @TempDir
    Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;
    private DuckDbSyncPlanner planner;
    private Path spool;

    @BeforeEach
    void open() throws Exception {
        pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir), new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
        planner = new DuckDbSyncPlanner(pool);
        spool = Files.createDirectories(pool.paths().spool(GRAPH));
    }

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void relationshipsWithAMissingEndpointAreRejectedWithTheirFilesAndTheRestInserted() {
        TableName links = TableName.of("links");
        List<Column> columns = List.of(new Column("from", BIGINT), new Column("to", BIGINT), new Column("weight", BIGINT));
        store.createTable(GRAPH, links, List.of(
                file("fa", columns, List.of(List.of(1L, 2L, 10L), List.of(2L, 3L, 20L), List.of(3L, 9L, 30L))),
                file("fb", columns, List.of(List.of(4L, 1L, 40L), List.of(5L, 6L, 50L)))), null);
        // A later file wins: (2, 3) comes from fc now.
        store.appendFiles(GRAPH, links, List.of(file("fc", columns, List.of(List.of(2L, 3L, 21L)))));
        GraphTarget target = new GraphTarget("links", GraphTableKind.RELATIONSHIP, false, List.of(new Column("src", BIGINT),
                new Column("dst", BIGINT), new Column("weight", BIGINT)), List.of("src", "dst"),
                Optional.of(new Endpoints("Entity", "Entity")), 0, Optional.empty(), List.of());
        List<Column> key = List.of(new Column("key", BIGINT));
        Path held = spool.resolve("held.parquet");
        ParquetFiles.write(held, key, List.of(List.of(1L), List.of(2L), List.of(3L)));

        try (SyncPlan rebuild = plan(links, target, SyncMode.REBUILD, held);
             SyncPlan compared = plan(links, target, SyncMode.SYNC, held)) {
            assertThat(rebuild.counts()).isEqualTo(new SyncCounts(5, 2, 0, 0, 0, 3, 0));
            assertThat(sorted(rebuild.inserts())).containsExactly(List.of(1L, 2L, 10L), List.of(2L, 3L, 21L))
                    .isEqualTo(sorted(compared.inserts()));
            assertThat(rebuild.firstRejects()).extracting(Reject::reason)
                    .containsExactly("no node 9 in Entity", "no node 4 in Entity", "no node 5 in Entity");
            assertThat(rebuild.firstRejects()).extracting(r -> r.fileId().orElseThrow().value())
                    .containsExactly("fa", "fb", "fb");
            assertThat(rebuild.firstRejects()).isEqualTo(compared.firstRejects());
            assertThat(sorted(rebuild.rejects())).isEqualTo(sorted(compared.rejects()));
            assertThat(rebuild.filesInGraph()).containsExactlyInAnyOrder(FileId.of("fa"), FileId.of("fc"))
                    .isEqualTo(compared.filesInGraph());
            assertThat(rebuild.updates().rowCount()).isZero();
            assertThat(rebuild.removals().rowCount()).isZero();
        }
    }

    @Test
    void aNodeTableIsWrittenInOnePassWithNothingRejectedAndOnlyFilesWithVisibleRowsInTheGraph() {
        TableName entity = TableName.of("Entity");
        List<Column> columns = List.of(new Column("identifier", BIGINT), new Column("name", "VARCHAR"));
        store.createTable(GRAPH, entity, List.of(file("old", columns, List.of(List.of(1L, "first")))), null);
        store.appendFiles(GRAPH, entity, List.of(file("fx", columns, List.of(List.of(1L, "a"), List.of(2L, "b")))));
        store.appendFiles(GRAPH, entity, List.of(file("fy", columns, List.of(List.of(2L, "B")))));
        GraphTarget target = new GraphTarget("Entity", GraphTableKind.NODE, true, columns, List.of("identifier"),
                Optional.empty(), 7, Optional.empty(), List.of());

        try (SyncPlan rebuild = plan(entity, target, SyncMode.REBUILD, null)) {
            assertThat(rebuild.counts()).isEqualTo(new SyncCounts(2, 2, 0, 0, 0, 0, 0));
            assertThat(sorted(rebuild.inserts())).containsExactly(List.of(1L, "a"), List.of(2L, "B"));
            assertThat(rebuild.rejects().rowCount()).isZero();
            assertThat(ParquetFiles.read(rebuild.rejects().path())).isEmpty();
            assertThat(rebuild.filesInGraph()).containsExactlyInAnyOrder(FileId.of("fx"), FileId.of("fy"));
        }
    }

    private SyncPlan plan(TableName table, GraphTarget target, SyncMode mode, Path held) {
        Optional<EndpointKeys> present = held == null ? Optional.empty() : Optional.of(new EndpointKeys(
                copyOf(held), copyOf(held)));
        return planner.plan(new SyncRequest(GRAPH, table, target, mode, Set.of(), Optional.empty(), Optional.empty(),
                present));
    }

    // Each side of the endpoints is its own file: closing the keys deletes them.
    private ParquetFile copyOf(Path held) {
        Path copy = spool.resolve("held-" + System.nanoTime() + ".parquet");
        try {
            Files.copy(held, copy);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new ParquetFile(copy, 3, List.of(new Column("key", BIGINT)));
    }

    private static List<List<Object>> sorted(ParquetFile file) {
        List<List<Object>> rows = new ArrayList<>(ParquetFiles.read(file.path()));
        assertThat(file.rowCount()).isEqualTo(rows.size());
        rows.sort(Comparator.comparing(Object::toString));
        return rows;
    }

    private SourceFile file(String id, List<Column> columns, List<List<Object>> rows) {
        Path path = spool.resolve(id + ".parquet");
        ParquetFiles.write(path, columns, rows);
        return new SourceFile(new ObjectUri("bucket", "t/" + id + ".parquet"), path, Optional.of(FileId.of(id)));
    }
}
