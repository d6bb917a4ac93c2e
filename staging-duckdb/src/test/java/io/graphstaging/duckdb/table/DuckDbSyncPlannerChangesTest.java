package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncCounts;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.sync.SyncPlan;
import io.graphstaging.core.sync.SyncRequest;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log as the sync reads it: the keys touched since a position, pruning through a
 * synced position (the log shrinks, later changes stay), and a position the pruned log no
 * longer reaches answering "unknown" so that the sync compares with the graph instead. Its
 * before images: a sync computed from the log alone for a graph that held exactly the rows of a
 * position says what comparing with those rows says, across appends, replaced files, deleted
 * files (a shadowed row coming back, a key gone), several changes of a key and added columns.
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

    // ---- before images: a sync from a position the graph held exactly, computed from the log alone,
    // says what comparing with the staged rows of that position (as the graph would export them) says.

    @Test
    void anAppendRestatingAndAddingKeysUpdatesAndInsertsFromTheLog() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann", 2, "bob", 3, "cid")), null);
        Synced at = synced();
        store.appendFiles(GRAPH, TABLE, List.of(file("b", 1, "amy", 2, "bob", 4, "dan")));

        try (SyncPlan plan = fromLogAsComparing(at)) {
            assertThat(plan.counts()).isEqualTo(new SyncCounts(4, 1, 1, 2, 0, 0, 0));
            assertThat(sorted(plan.updates())).containsExactly(List.of(1L, "amy"));
            assertThat(sorted(plan.inserts())).containsExactly(List.of(4L, "dan"));
        }
    }

    @Test
    void aReplacedFileUpdatesWhatItRestatesAndRemovesWhatItNoLongerHolds() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann", 2, "bob"), file("c", 3, "cid")), null);
        Synced at = synced();
        store.appendFiles(GRAPH, TABLE, List.of(file("a", 1, "ann2")));

        try (SyncPlan plan = fromLogAsComparing(at)) {
            assertThat(sorted(plan.updates())).containsExactly(List.of(1L, "ann2"));
            assertThat(sorted(plan.removals())).containsExactly(List.of(2L));
            assertThat(plan.counts().unchanged()).isEqualTo(1);
        }
    }

    @Test
    void deletingAShadowingFileBringsTheShadowedRowBackAsAnUpdate() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(fileWithId("fa", 1, "ann", 2, "bob")), null);
        store.appendFiles(GRAPH, TABLE, List.of(fileWithId("fb", 1, "amy")));
        Synced at = synced();
        store.deleteFileRows(GRAPH, TABLE, FileId.of("fb"));

        try (SyncPlan plan = fromLogAsComparing(at)) {
            assertThat(sorted(plan.updates())).containsExactly(List.of(1L, "ann"));
            assertThat(plan.removals().rowCount()).isZero();
            assertThat(plan.filesInGraph()).containsExactly(FileId.of("fa"));
        }
    }

    @Test
    void deletingTheOnlyFileOfAKeyRemovesIt() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(fileWithId("fa", 1, "ann"), fileWithId("fb", 2, "bob")), null);
        Synced at = synced();
        store.deleteFileRows(GRAPH, TABLE, FileId.of("fb"));

        try (SyncPlan plan = fromLogAsComparing(at)) {
            assertThat(sorted(plan.removals())).containsExactly(List.of(2L));
            assertThat(plan.counts()).isEqualTo(new SyncCounts(1, 0, 0, 1, 0, 0, 1));
        }
    }

    @Test
    void ofTwoChangesOfAKeyTheFirstImageIsTheGraphsRow() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(fileWithId("fa", 1, "ann", 2, "bob")), null);
        Synced at = synced();
        // 1 changes and changes back; 5 comes and goes; 2 changes twice.
        store.appendFiles(GRAPH, TABLE, List.of(fileWithId("fb", 1, "amy", 5, "eve", 2, "bo")));
        store.appendFiles(GRAPH, TABLE, List.of(fileWithId("fc", 1, "ann", 2, "b")));
        store.deleteFileRows(GRAPH, TABLE, FileId.of("fb"));

        try (SyncPlan plan = fromLogAsComparing(at)) {
            assertThat(plan.counts()).isEqualTo(new SyncCounts(2, 0, 1, 1, 0, 0, 0));
            assertThat(sorted(plan.updates())).containsExactly(List.of(2L, "b"));
            assertThat(plan.inserts().rowCount() + plan.removals().rowCount()).isZero();
        }
    }

    @Test
    void aColumnAddedAfterThePositionReadsNullInTheImagesAndAWidenedOneKeepsItsValues() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann", 2, "bob")), null,
                new SchemaContract(SchemaContract.Columns.EVOLVE, SchemaContract.Rows.REJECT_FILE), new Cancellation());
        Synced at = synced();
        List<Column> added = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"),
                new Column("age", "INTEGER"));
        List<Column> widened = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"),
                new Column("age", "BIGINT"));
        store.appendFiles(GRAPH, TABLE, List.of(file("b", added, List.of(List.of(1L, "ann", 40)))));
        store.appendFiles(GRAPH, TABLE, List.of(file("c", widened, Arrays.asList(Arrays.asList(2L, "bob", null),
                Arrays.asList(3L, "cid", 30L), Arrays.asList(1L, "ann", 40L)))));

        try (SyncPlan plan = fromLogAsComparing(at)) {
            assertThat(sorted(plan.updates())).containsExactly(List.of(1L, "ann", 40L));
            assertThat(sorted(plan.inserts())).containsExactly(List.of(3L, "cid", 30L));
            assertThat(plan.counts().unchanged()).as("2 restated with nothing in the new column").isEqualTo(1);
        }
    }

    @Test
    void aLogPrunedPastThePositionOrOfAnotherGenerationKeepsNoRowsForIt() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann")), null);
        StagingPosition created = planner.position(GRAPH, TABLE);
        store.appendFiles(GRAPH, TABLE, List.of(file("b", 2, "bob")));
        StagingPosition later = planner.position(GRAPH, TABLE);
        assertThat(planner.keepsRowsSince(GRAPH, TABLE, created)).isTrue();

        planner.pruneChanges(GRAPH, TABLE, later);

        assertThat(planner.keepsRowsSince(GRAPH, TABLE, created)).isFalse();
        assertThat(planner.keepsRowsSince(GRAPH, TABLE, later)).isTrue();
        assertThat(planner.keepsRowsSince(GRAPH, TABLE, new StagingPosition(later.generation() + 1, 0))).isFalse();
    }

    @Test
    void imagesStartedByALaterChangeKeepNoRowsBeforeItWhileTheKeysStillServe() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann")), null);
        StagingPosition created = planner.position(GRAPH, TABLE);
        store.appendFiles(GRAPH, TABLE, List.of(file("b", 1, "amy")));
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement()) {
            // As a table staged before the log kept images left it.
            s.execute("DROP TABLE " + StagingCatalog.hiddenTable("before", TABLE));
        }
        assertThat(planner.keepsRowsSince(GRAPH, TABLE, created)).isFalse();
        assertThat(changedSince(created)).contains(List.of(1L));

        store.appendFiles(GRAPH, TABLE, List.of(file("c", 1, "ann")));

        assertThat(planner.keepsRowsSince(GRAPH, TABLE, created)).as("its images begin with this change").isFalse();
        assertThat(changedSince(created)).as("the keys still reach back").contains(List.of(1L));
        Synced at = synced();
        store.appendFiles(GRAPH, TABLE, List.of(file("d", 1, "amy")));
        try (SyncPlan plan = fromLogAsComparing(at)) {
            assertThat(sorted(plan.updates())).containsExactly(List.of(1L, "amy"));
        }
    }

    @Test
    void anAppendOfNewKeysKeepsNoImages() throws Exception {
        store.createTable(GRAPH, TABLE, List.of(file("a", 1, "ann")), null);
        store.appendFiles(GRAPH, TABLE, List.of(file("b", 2, "bob", 3, "cid", 1, "amy")));

        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT identifier, name FROM " + StagingCatalog.hiddenTable("before", TABLE))) {
            assertThat(rs.next()).isTrue();
            assertThat(List.of(rs.getLong(1), rs.getString(2))).containsExactly(1L, "ann");
            assertThat(rs.next()).as("only the restated key's row").isFalse();
        }
        assertThat(logSize()).isEqualTo(3);
    }

    @Test
    void onlyRelationshipsNewToTheGraphListTheirEndpoints() throws Exception {
        TableName links = TableName.of("links");
        List<Column> columns = List.of(new Column("from", "BIGINT"), new Column("to", "BIGINT"), new Column("w", "BIGINT"));
        store.createTable(GRAPH, links, List.of(file("la", columns, List.of(List.of(1L, 2L, 10L), List.of(2L, 3L, 20L)))),
                null);
        StagingPosition at = planner.position(GRAPH, links);
        store.appendFiles(GRAPH, links, List.of(file("lb", columns, List.of(List.of(1L, 2L, 11L)))));

        try (EndpointKeys none = planner.newEndpointsSince(GRAPH, links, Set.of(), at)) {
            assertThat(none.from().rowCount() + none.to().rowCount()).as("a restated relationship is in the graph").isZero();
        }
        store.appendFiles(GRAPH, links, List.of(file("lc", columns, List.of(List.of(7L, 8L, 1L), List.of(2L, 3L, 21L)))));
        try (EndpointKeys fresh = planner.newEndpointsSince(GRAPH, links, Set.of(), at)) {
            assertThat(ParquetFiles.read(fresh.from().path())).containsExactly(List.of(7L));
            assertThat(ParquetFiles.read(fresh.to().path())).containsExactly(List.of(8L));
        }
    }

    /** A position the graph is taken to hold exactly, with the staged visible rows then (as the graph would export them). */
    private record Synced(StagingPosition position, Path rows, long count) {}

    private Synced synced() throws SQLException {
        Path rows = spool.resolve("graph-" + System.nanoTime() + ".parquet");
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement()) {
            long count = s.executeLargeUpdate("COPY (SELECT identifier, name FROM main." + "\"" + TABLE.value() + "\""
                    + ") TO '" + rows + "' (FORMAT parquet)");
            return new Synced(planner.position(GRAPH, TABLE), rows, count);
        }
    }

    /**
     * The plan from the log since {@code at}, after checking it says what the full comparison with
     * the rows staged at {@code at} says (counts, inserts, updates, removals, files in the graph).
     */
    private SyncPlan fromLogAsComparing(Synced at) throws SQLException {
        List<Column> columns = currentColumns();
        GraphTarget target = new GraphTarget(TABLE.value(), GraphTableKind.NODE, true, columns, List.of("identifier"),
                Optional.empty(), at.count(), Optional.empty(), List.of());
        // The graph's rows as the graph holds them: columns staged after the position read NULL.
        Path graphRows = spool.resolve("graph-rows-" + System.nanoTime() + ".parquet");
        try (PooledConnection pooled = pool.acquire(GRAPH); Statement s = pooled.connection().createStatement()) {
            s.execute("COPY (SELECT identifier, name" + (columns.size() > 2 ? ", NULL::BIGINT AS age" : "")
                    + " FROM read_parquet('" + at.rows() + "')) TO '" + graphRows + "' (FORMAT parquet)");
        }
        assertThat(planner.keepsRowsSince(GRAPH, TABLE, at.position())).isTrue();
        SyncPlan fromLog = planner.plan(new SyncRequest(GRAPH, TABLE, target, SyncMode.SYNC, Set.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(at.position())));
        try (ParquetFile graph = new ParquetFile(graphRows, at.count(), columns);
             SyncPlan compared = planner.plan(new SyncRequest(GRAPH, TABLE, target, SyncMode.SYNC, Set.of(),
                     Optional.empty(), Optional.of(graph), Optional.empty()))) {
            assertThat(fromLog.counts()).isEqualTo(compared.counts());
            assertThat(sorted(fromLog.inserts())).isEqualTo(sorted(compared.inserts()));
            assertThat(sorted(fromLog.updates())).isEqualTo(sorted(compared.updates()));
            assertThat(sorted(fromLog.removals())).isEqualTo(sorted(compared.removals()));
            assertThat(fromLog.filesInGraph()).isEqualTo(compared.filesInGraph());
            return fromLog;
        } catch (RuntimeException | Error e) {
            fromLog.close();
            throw e;
        }
    }

    private List<Column> currentColumns() {
        return store.describeTable(GRAPH, TABLE).orElseThrow().columns().stream()
                .filter(c -> !c.name().equals("file_id")).toList();
    }

    private static List<List<Object>> sorted(ParquetFile file) {
        List<List<Object>> rows = new ArrayList<>(ParquetFiles.read(file.path()));
        assertThat(file.rowCount()).isEqualTo(rows.size());
        rows.sort(Comparator.comparing(Object::toString));
        return rows;
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

    private SourceFile file(String name, List<Column> columns, List<List<Object>> rows) {
        Path path = spool.resolve(name + "-" + System.nanoTime() + ".parquet");
        ParquetFiles.write(path, columns, rows);
        return new SourceFile(new ObjectUri("bucket", "t/" + name + ".parquet"), path, Optional.empty());
    }

    /** A file of (id, name) rows carrying the file id {@code id} (a table of such files can delete them). */
    private SourceFile fileWithId(String id, Object... idAndName) {
        SourceFile plain = file(id, idAndName);
        return new SourceFile(plain.uri(), plain.localPath(), Optional.of(FileId.of(id)));
    }

    private SourceFile file(String name, Object... idAndName) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < idAndName.length; i += 2) {
            rows.add(List.of(((Integer) idAndName[i]).longValue(), idAndName[i + 1]));
        }
        Path path = spool.resolve(name + "-" + System.nanoTime() + ".parquet");
        ParquetFiles.write(path, COLUMNS, rows);
        return new SourceFile(new ObjectUri("bucket", "people/" + name + ".parquet"), path, Optional.empty());
    }
}
