package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log as the sync reads it: the keys touched since a position, pruning through a
 * synced position (the log shrinks, later changes stay), and a position the pruned log no
 * longer reaches answering "unknown" so that the sync compares with the graph instead.
 */
class DuckDbSyncPlannerChangesTest {
    private static final GraphId GRAPH = GraphId.of("changes");
    private static final TableName TABLE = TableName.of("people");
    private static final List<Column> COLUMNS = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));

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
    void pruningThroughASyncedPositionShrinksTheLogAndKeepsLaterChanges() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann", 2, "bob", 3, "cid")), null);
        StagingPosition created = planner.position(GRAPH, TABLE);
        store.appendFiles(GRAPH, TABLE, List.of(file("b", 1, "amy", 2, "bea")));
        StagingPosition synced = planner.position(GRAPH, TABLE);
        store.appendFiles(GRAPH, TABLE, List.of(file("c", 3, "cyd")));
        long before = logSize();

        long pruned = planner.pruneChanges(GRAPH, TABLE, synced);

        assertThat(pruned).isEqualTo(2);
        assertThat(logSize()).isEqualTo(before - 2).isEqualTo(1);
        assertThat(changedSince(synced)).contains(List.of(3L));
        assertThat(changedSince(created)).as("the log no longer reaches back to the create").isEmpty();
    }

    @Test
    void pruningIsIdempotentAndNeverLowersTheFloor() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann")), null);
        StagingPosition created = planner.position(GRAPH, TABLE);
        store.appendFiles(GRAPH, TABLE, List.of(file("b", 2, "bob")));
        StagingPosition synced = planner.position(GRAPH, TABLE);

        planner.pruneChanges(GRAPH, TABLE, synced);

        assertThat(planner.pruneChanges(GRAPH, TABLE, synced)).isZero();
        assertThat(planner.pruneChanges(GRAPH, TABLE, created)).isZero();
        assertThat(changedSince(created)).isEmpty();
        assertThat(changedSince(synced)).contains(List.of());
    }

    @Test
    void anotherGenerationIsNotPrunedAndStartsAFullLog() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann")), null);
        store.appendFiles(GRAPH, TABLE, List.of(file("b", 2, "bob")));
        StagingPosition old = planner.position(GRAPH, TABLE);
        planner.pruneChanges(GRAPH, TABLE, old);
        store.createTable(GRAPH, TABLE, List.of(file("c", 1, "cid")), null);
        StagingPosition recreated = planner.position(GRAPH, TABLE);
        store.appendFiles(GRAPH, TABLE, List.of(file("d", 4, "dan")));

        assertThat(planner.pruneChanges(GRAPH, TABLE, old)).isZero();
        assertThat(changedSince(recreated)).as("a new generation's log reaches back to its start").contains(List.of(4L));
    }

    /** The keys changed since {@code since}, sorted, or empty when the log cannot say. */
    private Optional<List<Long>> changedSince(StagingPosition since) throws SQLException {
        Optional<ParquetFile> file = planner.changedKeys(GRAPH, TABLE, since);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (ParquetFile keys = file.get(); PooledConnection pooled = pool.acquire(GRAPH);
             Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT identifier FROM read_parquet('" + keys.path() + "') ORDER BY 1")) {
            List<Long> found = new ArrayList<>();
            while (rs.next()) {
                found.add(rs.getLong(1));
            }
            assertThat(keys.rowCount()).isEqualTo(found.size());
            return Optional.of(found);
        }
    }

    private long logSize() throws SQLException {
        try (PooledConnection pooled = pool.acquire(GRAPH)) {
            return ChangeLog.size(pooled.connection(), TABLE);
        }
    }

    private SourceFile file(String name, Object... idAndName) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            rows.add(List.of(((Integer) idAndName[i]).longValue(), idAndName[i + 1]));
        }
        Path path = spool.resolve(name + ".parquet");
        ParquetFiles.write(path, COLUMNS, rows);
        return new SourceFile(new ObjectUri("bucket", "people/" + name + ".parquet"), path, Optional.empty());
    }
}
