package io.graphstaging.tests.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.sync.Drift;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.sync.Reject;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.table.DuckDbSyncPlanner;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log is pruned as syncs record their positions, through the real DuckDB store and
 * planner and the LadybugDB sink: it shrinks, a sync with nothing changed answers unchanged, and
 * a graph whose record is older than the pruned log (its database put back from a copy taken
 * before the last sync) is compared whole and converges, which verify confirms. A sync from an
 * exact record takes the graph's rows from the log (no export), until a partial write.
 */
class PrunedChangeLogSyncTest {
    private static final GraphId GRAPH = GraphId.of("pruned");
    private static final TableName ENTITY = TableName.of("Entity");
    private static final int ROWS = 100;

    @TempDir
    Path dir;

    @Test
    void aGraphOlderThanThePrunedLogIsComparedWholeAndConverges() throws Exception {
        SpoolDirectory spool = new SpoolDirectory(dir.resolve("spool"));
        Path graphs = dir.resolve("graphs");
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir.resolve("duckdb")).withThreads(1),
                spool, Clock.systemUTC())) {
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            store.createTable(GRAPH, ENTITY, List.of(parquet(spool, "a.parquet", 0, ROWS, 0)), "entity/*");
            store.appendFiles(GRAPH, ENTITY, List.of(parquet(spool, "b.parquet", 0, 10, 1)));
            assertThat(logSize(pool)).isEqualTo(10);

            sync(pool, graphs, false);
            assertThat(logSize(pool)).as("pruned through the recorded position").isZero();
            Path copy = copyOf(graphs, dir.resolve("graphs-copy"));

            store.appendFiles(GRAPH, ENTITY, List.of(parquet(spool, "c.parquet", 0, 20, 2)));
            assertThat(logSize(pool)).isEqualTo(20);
            MaterializeResult restated = sync(pool, graphs, false);
            assertThat(restated.rowsUpdated()).isEqualTo(20);
            assertThat(logSize(pool)).isZero();
            MaterializeResult again = sync(pool, graphs, false);
            assertThat(again.rowsUnchanged()).isEqualTo(ROWS);
            assertThat(again.rowsIngested()).isZero();

            // The graph as it was before the last sync: its record is older than the log reaches.
            replace(graphs, copy);
            MaterializeResult caughtUp = sync(pool, graphs, false);
            assertThat(caughtUp.rowsUpdated()).isEqualTo(20);
            assertThat(caughtUp.rowsUnchanged()).isEqualTo(ROWS - 20);
            assertThat(sync(pool, graphs, true).drift()).contains(new Drift(0, 0, 0));
        }
    }

    /**
     * A whole-table sync after an exact record reads nothing from the graph (the change log holds
     * the graph's rows), a file_ids materialize from it keeps the record but not exact, so the
     * next sync compares with the graph again; verify finds no drift after each.
     */
    @Test
    void aSyncFromAnExactRecordReadsNoGraphRowsAndAPartialWriteEndsThat() throws Exception {
        SpoolDirectory spool = new SpoolDirectory(dir.resolve("spool"));
        Path graphs = dir.resolve("graphs");
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir.resolve("duckdb")).withThreads(1),
                spool, Clock.systemUTC())) {
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            store.createTable(GRAPH, ENTITY, List.of(parquet(spool, "a.parquet", 0, ROWS, 0, "fa")), "entity/*");
            sync(pool, graphs, options(Set.of(), false), calls);
            // Restates 0..9 and adds 100..104; then the file that held 100..104 is deleted again.
            store.appendFiles(GRAPH, ENTITY, List.of(parquet(spool, "b.parquet", 0, 10, 1, "fb"),
                    parquet(spool, "d.parquet", 100, 105, 0, "fd")));
            calls.clear();

            MaterializeResult fromLog = sync(pool, graphs, options(Set.of(), false), calls);

            assertThat(calls).doesNotContain("exportRows", "presentEndpoints", "endpointKeys");
            assertThat(fromLog.rowsUpdated()).isEqualTo(10);
            assertThat(fromLog.rowsInserted()).isEqualTo(5);
            assertThat(fromLog.rowsUnchanged()).isEqualTo(ROWS - 10);
            assertThat(sync(pool, graphs, options(Set.of(), true), calls).drift()).contains(new Drift(0, 0, 0));

            store.deleteFileRows(GRAPH, ENTITY, FileId.of("fd"));
            store.appendFiles(GRAPH, ENTITY, List.of(parquet(spool, "c.parquet", 5, 20, 2, "fc")));
            // Only file fc's rows: from the log too, but the record it keeps is not exact.
            MaterializeResult partial = sync(pool, graphs, options(Set.of(FileId.of("fc")), false), calls);
            assertThat(partial.rowsUpdated()).isEqualTo(15);
            store.appendFiles(GRAPH, ENTITY, List.of(parquet(spool, "e.parquet", 15, 25, 3, "fe")));
            calls.clear();

            MaterializeResult compared = sync(pool, graphs, options(Set.of(), false), calls);

            assertThat(calls).contains("exportRows");
            assertThat(compared.rowsUpdated()).as("15..24 restated by fe").isEqualTo(10);
            assertThat(compared.rowsDeleted()).as("100..104 left with fd").isEqualTo(5);
            assertThat(compared.rowsUnchanged()).isEqualTo(ROWS - 10);
            assertThat(sync(pool, graphs, options(Set.of(), true), calls).drift()).contains(new Drift(0, 0, 0));
        }
    }

    /**
     * Relationship rows new to the graph need their endpoints there. While the endpoint node
     * table's record is exact and staging still stands at its position, staging's node rows
     * answer (no sink call); once the node table is staged since, or its record is kept by a
     * partial write (not exact), the graph answers. Either way the rejects are those the full
     * comparison (verify, whole-table) names.
     */
    @Test
    void newRelationshipsFindTheirEndpointsInStagingOnlyWhileTheNodeTableIsSyncedExactly() throws Exception {
        SpoolDirectory spool = new SpoolDirectory(dir.resolve("spool"));
        Path graphs = dir.resolve("graphs");
        // One sink throughout: the graph database stays open between the calls.
        try (DuckDbConnectionPool pool = new DuckDbConnectionPool(DuckDbConfig.defaults(dir.resolve("duckdb")).withThreads(1),
                spool, Clock.systemUTC());
             LadybugGraphSink graph = new LadybugGraphSink(LadybugConfig.defaults(graphs), MemoryBudget.unlimited())) {
            DuckDbStagingStore store = new DuckDbStagingStore(pool);
            store.createTable(GRAPH, ENTITY, List.of(parquet(spool, "a.parquet", 0, ROWS, 0, "fa")), "entity/*");
            store.createTable(GRAPH, LINKS, List.of(links(spool, "la", new long[][] {{0, 1}, {1, 2}, {2, 3}})), "links/*");
            sync(pool, graph, ENTITY, options(Set.of(), false), calls);
            sync(pool, graph, LINKS, links(false), calls);

            // The node table is synced exactly where staging stands: staging answers.
            store.appendFiles(GRAPH, LINKS, List.of(links(spool, "lb", new long[][] {{3, 4}, {7, 500}, {4, 5}})));
            calls.clear();
            MaterializeResult fromStaging = sync(pool, graph, LINKS, links(false), calls);
            assertThat(calls).doesNotContain("presentEndpoints", "endpointKeys", "exportRows");
            assertThat(fromStaging.rowsInserted()).isEqualTo(2);
            assertThat(fromStaging.rejects()).extracting(Reject::reason).containsExactly("no node 500 in Entity");
            MaterializeResult verified = sync(pool, graph, LINKS, links(true), calls);
            assertThat(verified.drift()).contains(new Drift(1, 0, 0));
            assertThat(verified.rejects()).isEqualTo(fromStaging.rejects());

            // Entity staged since (100..104, not in the graph): only the graph knows, and lacks 100.
            store.appendFiles(GRAPH, ENTITY, List.of(parquet(spool, "b.parquet", 100, 105, 0, "fb")));
            store.appendFiles(GRAPH, LINKS, List.of(links(spool, "lc", new long[][] {{0, 100}, {5, 6}})));
            calls.clear();
            MaterializeResult stagedSince = sync(pool, graph, LINKS, links(false), calls);
            assertThat(calls).contains("presentEndpoints");
            assertThat(stagedSince.rejects()).extracting(Reject::reason)
                    .containsExactly("no node 100 in Entity", "no node 500 in Entity");
            assertThat(stagedSince.rowsInserted()).isEqualTo(1);

            // Entity synced whole again: exact where staging stands, staging answers; 0 -> 100 goes in.
            sync(pool, graph, ENTITY, options(Set.of(), false), calls);
            calls.clear();
            MaterializeResult exactAgain = sync(pool, graph, LINKS, links(false), calls);
            // Links' record is not exact (rows were left out): its rows are compared with the graph's.
            assertThat(calls).contains("exportRows").doesNotContain("presentEndpoints", "endpointKeys");
            assertThat(exactAgain.rowsInserted()).isEqualTo(1);
            assertThat(exactAgain.rejects()).extracting(Reject::reason).containsExactly("no node 500 in Entity");

            // A file_ids materialize keeps Entity's record where staging stands, but not exact: the graph answers.
            sync(pool, graph, ENTITY, options(Set.of(FileId.of("fb")), false), calls);
            store.appendFiles(GRAPH, LINKS, List.of(links(spool, "ld", new long[][] {{6, 101}, {8, 9}})));
            calls.clear();
            MaterializeResult notExact = sync(pool, graph, LINKS, links(false), calls);
            assertThat(calls).contains("presentEndpoints");
            assertThat(notExact.rowsInserted()).isEqualTo(2);
            assertThat(notExact.rejects()).extracting(Reject::reason).containsExactly("no node 500 in Entity");
            MaterializeResult last = sync(pool, graph, LINKS, links(true), calls);
            assertThat(last.drift()).contains(new Drift(1, 0, 0));
            assertThat(last.rejects()).isEqualTo(notExact.rejects());
        }
    }

    private static final TableName LINKS = TableName.of("Links");

    /** A sync of Links between Entity nodes, ignoring errors (the dangling rows are left out and named). */
    private static MaterializeOptions links(boolean verify) {
        return new MaterializeOptions(SyncMode.SYNC, true, Set.of(), Optional.of(ENTITY), Optional.of(ENTITY), false,
                verify, verify);
    }

    /** A Links file of {@code pairs} ({@code from, to}) with {@code weight = from}, file id {@code name}. */
    private static SourceFile links(SpoolDirectory spool, String name, long[][] pairs) {
        Path path = spool.of(GRAPH).resolve(name + ".parquet");
        StringBuilder values = new StringBuilder();
        for (long[] pair : pairs) {
            values.append(values.isEmpty() ? "" : ", ").append("(").append(pair[0]).append("::BIGINT, ").append(pair[1])
                    .append("::BIGINT)");
        }
        try {
            Files.createDirectories(path.getParent());
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute("COPY (SELECT f AS \"from\", t AS \"to\", f AS weight FROM (VALUES " + values + ") AS v(f, t)) TO '"
                        + path + "' (FORMAT parquet)");
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot write " + path, e);
        }
        return new SourceFile(new ObjectUri("landing", "links/" + name), path, Optional.of(FileId.of(name)));
    }

    private final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static MaterializeOptions options(Set<FileId> fileIds, boolean verify) {
        return new MaterializeOptions(SyncMode.SYNC, false, fileIds, Optional.empty(), Optional.empty(), false, verify,
                verify);
    }

    private static MaterializeResult sync(DuckDbConnectionPool pool, Path graphs, boolean verify) {
        return sync(pool, graphs, options(Set.of(), verify), new ArrayList<>());
    }

    /** Materializes with a fresh sink, noting the name of every sink method called in {@code calls}. */
    private static MaterializeResult sync(DuckDbConnectionPool pool, Path graphs, MaterializeOptions options,
                                          List<String> calls) {
        return sync(pool, graphs, ENTITY, options, calls);
    }

    /** Materializes {@code table} with a fresh sink, noting the name of every sink method called in {@code calls}. */
    private static MaterializeResult sync(DuckDbConnectionPool pool, Path graphs, TableName table,
                                          MaterializeOptions options, List<String> calls) {
        try (LadybugGraphSink sink = new LadybugGraphSink(LadybugConfig.defaults(graphs), MemoryBudget.unlimited())) {
            return sync(pool, sink, table, options, calls);
        }
    }

    /** Materializes {@code table} into {@code sink}, noting the name of every sink method called in {@code calls}. */
    private static MaterializeResult sync(DuckDbConnectionPool pool, GraphSink sink, TableName table,
                                          MaterializeOptions options, List<String> calls) {
        GraphSink noted = (GraphSink) Proxy.newProxyInstance(GraphSink.class.getClassLoader(),
                new Class<?>[] {GraphSink.class}, (self, method, args) -> {
                    calls.add(method.getName());
                    try {
                        return method.invoke(sink, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Materialize materialize = new Materialize(new DuckDbStagingStore(pool), new DuckDbSyncPlanner(pool), noted,
                new InMemoryFileRegistry(), new TableLocks(Duration.ofMinutes(1)));
        return materialize.execute(GRAPH, table, options);
    }

    private static long logSize(DuckDbConnectionPool pool) throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM _staging.\"changes:Entity\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Path copyOf(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private static void replace(Path graphs, Path copy) throws IOException {
        try (Stream<Path> files = Files.list(graphs)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.delete(f);
            }
        }
        try (Stream<Path> files = Files.list(copy)) {
            for (Path f : files.toList()) {
                Files.copy(f, graphs.resolve(f.getFileName()));
            }
        }
    }

    private static SourceFile parquet(SpoolDirectory spool, String name, int from, int to, int delta, String fileId) {
        SourceFile file = parquet(spool, name, from, to, delta);
        return new SourceFile(file.uri(), file.localPath(), Optional.of(FileId.of(fileId)));
    }

    /** Rows {@code from..to-1} with {@code amount = identifier * 10 + delta}, in the graph's spool. */
    private static SourceFile parquet(SpoolDirectory spool, String name, int from, int to, int delta) {
        Path path = spool.of(GRAPH).resolve(name);
        try {
            Files.createDirectories(path.getParent());
            try (java.sql.Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute("COPY (SELECT range::BIGINT AS identifier, range * 10 + " + delta + " AS amount FROM range("
                        + from + ", " + to + ")) TO '" + path + "' (FORMAT parquet)");
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("cannot write " + path, e);
        }
        return new SourceFile(new ObjectUri("landing", "entity/" + name), path, Optional.empty());
    }
}
