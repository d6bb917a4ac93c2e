package io.graphstaging.tests.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.table.DuckDbSyncPlanner;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many graphs in one process through the real DuckDB store, sync planner and LadybugDB sink
 * behind the materialize use case: each graph is
 * staged, materialized (a node and a relationship table) and queried; then every graph is
 * queried again. The memory budget holds {@link #OPEN_AT_MOST} buffer pools, so graph databases
 * must close (least recently used first) for the next to open: before, every graph database
 * stayed open and reserved 8 TiB of address space, and the 16th failed to open.
 *
 * <p>The 200-graph run is in the fault battery: {@code mvn -B -pl staging-tests verify -Pfaults}.
 */
class ManyGraphsTest {
    private static final TableName ENTITY = TableName.of("Entity");
    private static final TableName LINKS = TableName.of("links");
    private static final long POOL = 16L << 20;
    private static final int OPEN_AT_MOST = 4;
    private static final int ROWS = 100;

    @TempDir
    Path dir;

    @Test
    void thirtyGraphsMaterializeAndAnswerWithAFewDatabasesOpen() throws Exception {
        run(30);
    }

    @Test
    @Tag("fault")
    void twoHundredGraphsMaterializeAndAnswerWithAFewDatabasesOpen() throws Exception {
        run(200);
    }

    private void run(int graphs) throws Exception {
        long started = System.nanoTime();
        SpoolDirectory spool = new SpoolDirectory(dir.resolve("spool"));
        MemoryBudget budget = new MemoryBudget(ByteSize.ofBytes(OPEN_AT_MOST * POOL), Duration.ofSeconds(5));
        DuckDbConfig duck = DuckDbConfig.defaults(dir.resolve("duckdb")).withThreads(1)
                .withMemoryLimit(ByteSize.ofMebibytes(64)).withConnectionTtl(Duration.ofSeconds(1))
                .withCleanupInterval(Duration.ofSeconds(1));
        int mostOpen = 0;
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(duck, spool, Clock.systemUTC());
             LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(dir.resolve("graphs"))
                     .withBufferPoolBytes(POOL).withMaxThreads(1).withIdleTimeout(Duration.ofMinutes(10)), budget)) {
            pool.startPeriodicCleanup();
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            Materialize materialize = new Materialize(store, new DuckDbSyncPlanner(pool), sink, new InMemoryFileRegistry(),
                    new TableLocks(Duration.ofMinutes(1)));
            MaterializeOptions options = new MaterializeOptions(SyncMode.SYNC, false, Set.of(), Optional.of(ENTITY),
                    Optional.of(ENTITY), false, false, false);
            for (int i = 0; i < graphs; i++) {
                GraphId graph = GraphId.of("g" + i);
                store.createTable(graph, ENTITY, List.of(parquet(spool, graph, "entity.parquet",
                        "SELECT range::BIGINT AS identifier, 'n-' || range AS name, (range % 5)::INTEGER AS category "
                                + "FROM range(" + ROWS + ")")), "entity/*.parquet");
                store.createTable(graph, LINKS, List.of(parquet(spool, graph, "links.parquet",
                        "SELECT range::BIGINT AS \"from\", ((range + " + i + ") % " + ROWS + ")::BIGINT AS \"to\", "
                                + "range::BIGINT AS weight FROM range(" + ROWS + ")")), "links/*.parquet");
                materialize.execute(graph, ENTITY, options);
                materialize.execute(graph, LINKS, options);
                assertAnswers(store, sink, graph);
                mostOpen = Math.max(mostOpen, sink.openDatabases());
            }
            for (int i = 0; i < graphs; i++) {
                assertAnswers(store, sink, GraphId.of("g" + i));
                mostOpen = Math.max(mostOpen, sink.openDatabases());
            }
            assertThat(mostOpen).isLessThanOrEqualTo(OPEN_AT_MOST);
            assertThat(budget.reservedBytes()).isLessThanOrEqualTo(OPEN_AT_MOST * POOL);
        }
        System.out.printf("figures: %d graphs in %.1f s, peak RSS %s, at most %d graph databases open%n", graphs,
                (System.nanoTime() - started) / 1e9, peakRss(), mostOpen);
    }

    private static void assertAnswers(DuckDbStagingStore store, LadybugGraphSink sink, GraphId graph) {
        assertThat(sink.tables(graph)).containsExactlyInAnyOrder(
                new GraphTableStats("Entity", GraphTableKind.NODE, ROWS),
                new GraphTableStats("links", GraphTableKind.RELATIONSHIP, ROWS));
        assertThat(store.listTables(graph)).extracting(TableSummary::rowCount).containsOnly((long) ROWS);
    }

    /** Writes a Parquet file into the graph's spool directory, as a fetch would. */
    private static SourceFile parquet(SpoolDirectory spool, GraphId graph, String name, String select) {
        Path path = spool.of(graph).resolve(name);
        try {
            Files.createDirectories(path.getParent());
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute("COPY (" + select + ") TO '" + path + "' (FORMAT parquet)");
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot write " + path, e);
        }
        return new SourceFile(new ObjectUri("landing", graph + "/" + name), path, Optional.empty());
    }

    /** The process's peak resident set (VmHWM), natives included. */
    private static String peakRss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring("VmHWM:".length()).strip()).findFirst().orElse("unknown");
    }
}
