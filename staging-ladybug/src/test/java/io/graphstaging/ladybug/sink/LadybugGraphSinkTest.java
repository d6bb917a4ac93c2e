package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.binding.Row;
import io.graphstaging.ladybug.testing.DuckDbExportFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LadybugGraphSinkTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITY = TableName.of("Entity");
    private static final TableName LINKS = TableName.of("links");
    private static final MaterializeOptions STRICT = options(false, Set.of());
    private static final MaterializeOptions LENIENT = options(true, Set.of());

    @TempDir
    Path tmp;
    private DuckDbExportFixture staging;
    private LadybugGraphSink sink;
    private Path graphDir;

    @BeforeEach
    void setUp() {
        staging = new DuckDbExportFixture(tmp.resolve("duck"));
        graphDir = tmp.resolve("graphs");
        sink = newSink();
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
        staging.close();
    }

    private LadybugGraphSink newSink() {
        return new LadybugGraphSink(LadybugConfig.defaults(graphDir).withBufferPoolBytes(256L << 20).withMaxThreads(2),
                MemoryBudget.unlimited());
    }

    private static MaterializeOptions options(boolean ignoreErrors, Set<FileId> files) {
        return new MaterializeOptions(ignoreErrors, files, Optional.of(ENTITY), Optional.of(ENTITY));
    }

    private MaterializeResult materialize(TableName table, MaterializeOptions options) {
        return materialize(G, table, options);
    }

    private MaterializeResult materialize(GraphId graph, TableName table, MaterializeOptions options) {
        TableSchema schema = staging.describeTable(graph, table).orElseThrow();
        return sink.materialize(graph, schema, staging, options);
    }

    private void stageEntities(int from, int to) {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'name-' || i AS name, (i * 0.5)::DOUBLE AS score, "
                + "'f' || (i % 2) AS file_id FROM range(" + from + ", " + to + ") t(i)");
    }

    private void stageLinks(String select) {
        staging.stage(G, LINKS, select);
    }

    /** Closes the sink and reads the graph file directly, as another process would. */
    private <T> T reopened(java.util.function.Function<Connection, T> read) {
        sink.close();
        try (Database db = Database.open(graphDir.resolve("g1.lbug"), new DatabaseConfig(128L << 20, 1, false));
             Connection c = db.connect()) {
            return read.apply(c);
        } finally {
            sink = newSink();
        }
    }

    @Test
    void copiesNodesAndRelationshipsWithExactCountsAndValues() {
        stageEntities(0, 1000);
        stageLinks("SELECT i::BIGINT AS src, ((i + 1) % 1000)::BIGINT AS dst, i::DOUBLE AS weight, 'f0' AS file_id "
                + "FROM range(0, 1000) t(i)");

        assertThat(materialize(ENTITY, STRICT)).isEqualTo(new MaterializeResult(G, ENTITY, false, 1000, 0));
        assertThat(materialize(LINKS, STRICT)).isEqualTo(new MaterializeResult(G, LINKS, false, 1000, 0));

        assertThat(sink.tables(G)).containsExactlyInAnyOrder(
                new GraphTableStats("Entity", GraphTableKind.NODE, 1000),
                new GraphTableStats("links", GraphTableKind.RELATIONSHIP, 1000));
        Row row = reopened(c -> c.query("MATCH (a:Entity)-[l:links]->(b:Entity) WHERE a.identifier = 41 "
                + "RETURN a.name, a.score, b.identifier, l.weight").next());
        assertThat(row.getString(0)).isEqualTo("name-41");
        assertThat(row.getDouble(1)).isEqualTo(20.5);
        assertThat(row.getLong(2)).isEqualTo(42);
        assertThat(row.getDouble(3)).isEqualTo(41.0);
    }

    @Test
    void materializesOnlyTheGivenFiles() {
        stageEntities(0, 100);

        MaterializeResult result = materialize(ENTITY, options(false, Set.of(FileId.of("f1"))));

        assertThat(result.rowsIngested()).isEqualTo(50);
        assertThat(this.<Long>reopened(c -> c.queryLong("MATCH (n:Entity) WHERE n.identifier % 2 = 0 RETURN count(n)"))).isZero();
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 50));
        MaterializeResult rest = materialize(ENTITY, STRICT);
        assertThat(rest).isEqualTo(new MaterializeResult(G, ENTITY, false, 100, 0));
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 100));
    }

    @Test
    void reMaterializingLoadsOnlyWhatIsNew() {
        stageEntities(0, 100);
        stageLinks("SELECT i::BIGINT AS src, (i + 1)::BIGINT AS dst, 'f0' AS file_id FROM range(0, 50) t(i)");
        materialize(ENTITY, STRICT);
        materialize(LINKS, STRICT);

        assertThat(materialize(ENTITY, STRICT)).isEqualTo(new MaterializeResult(G, ENTITY, false, 100, 0));
        assertThat(materialize(LINKS, STRICT)).isEqualTo(new MaterializeResult(G, LINKS, false, 50, 0));
        assertThat(sink.tables(G)).containsExactlyInAnyOrder(
                new GraphTableStats("Entity", GraphTableKind.NODE, 100),
                new GraphTableStats("links", GraphTableKind.RELATIONSHIP, 50));

        stageEntities(50, 150);
        stageLinks("SELECT i::BIGINT AS src, (i + 1)::BIGINT AS dst, 'f0' AS file_id FROM range(25, 75) t(i)");
        assertThat(materialize(ENTITY, STRICT)).isEqualTo(new MaterializeResult(G, ENTITY, false, 100, 0));
        assertThat(materialize(LINKS, STRICT)).isEqualTo(new MaterializeResult(G, LINKS, false, 50, 0));
        assertThat(sink.tables(G)).containsExactlyInAnyOrder(
                new GraphTableStats("Entity", GraphTableKind.NODE, 150),
                new GraphTableStats("links", GraphTableKind.RELATIONSHIP, 75));
        // Existing nodes keep their values: only new keys were loaded.
        assertThat(this.<Long>reopened(c -> c.queryLong("MATCH (a:Entity)-[l:links]->(b:Entity) WHERE a.identifier = 30 RETURN count(l)")))
                .isEqualTo(1);
    }

    @Test
    void relationshipWithMissingEndpointIsCountedWhenIgnoringErrors() {
        stageEntities(0, 10);
        materialize(ENTITY, STRICT);
        // 3 of 12 edges point at nodes 10 and 11, which do not exist.
        stageLinks("SELECT i::BIGINT AS src, (i + 2)::BIGINT AS dst, 'f0' AS file_id FROM range(0, 10) t(i) "
                + "UNION ALL SELECT 11::BIGINT, 0::BIGINT, 'f0'");

        MaterializeResult result = materialize(LINKS, LENIENT);

        assertThat(result).isEqualTo(new MaterializeResult(G, LINKS, false, 8, 3));
        assertThat(result.rowsIngested() + result.rowsRejected()).isEqualTo(11);
        assertThat(sink.tables(G)).contains(new GraphTableStats("links", GraphTableKind.RELATIONSHIP, 8));
        // Again, now into a table with rows (the anti-join path): same exact counts, no duplicates.
        assertThat(materialize(LINKS, LENIENT)).isEqualTo(new MaterializeResult(G, LINKS, false, 8, 3));
        assertThat(sink.tables(G)).contains(new GraphTableStats("links", GraphTableKind.RELATIONSHIP, 8));
    }

    @Test
    void relationshipWithMissingEndpointFailsAndLeavesTheGraphAsItWas() {
        stageEntities(0, 10);
        materialize(ENTITY, STRICT);
        stageLinks("SELECT i::BIGINT AS src, (i + 2)::BIGINT AS dst, 'f0' AS file_id FROM range(0, 10) t(i)");

        assertThatThrownBy(() -> materialize(LINKS, STRICT))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_REJECTED_ROWS))
                .hasMessageContaining("links").hasMessageContaining("primary key value 10");
        // The table this call created is gone again.
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 10));

        // Into an existing table with rows: the failed copy adds nothing.
        stageLinks("SELECT 0::BIGINT AS src, 1::BIGINT AS dst, 'f0' AS file_id");
        materialize(LINKS, STRICT);
        stageLinks("SELECT i::BIGINT AS src, (i + 2)::BIGINT AS dst, 'f0' AS file_id FROM range(0, 10) t(i)");
        assertThatThrownBy(() -> materialize(LINKS, STRICT)).isInstanceOf(StagingException.class);
        assertThat(sink.tables(G)).contains(new GraphTableStats("links", GraphTableKind.RELATIONSHIP, 1));
        assertThat(staging.exportedFiles()).isNotEmpty().noneMatch(Files::exists);
    }

    @Test
    void typedValuesAndNullsRoundTrip() {
        staging.stage(G, ENTITY, "SELECT * FROM (VALUES "
                + "(1::BIGINT, 1.25::DOUBLE, 9007199254740993::BIGINT, true, DATE '2024-02-29', TIMESTAMP '2024-03-01 12:34:56.789', 'a', 7::INTEGER, 'f'), "
                + "(2::BIGINT, NULL::DOUBLE, NULL::BIGINT, NULL::BOOLEAN, NULL::DATE, NULL::TIMESTAMP, NULL, NULL::INTEGER, 'f')) "
                + "t(identifier, d, big, flag, day, ts, s, i, file_id)");

        assertThat(materialize(ENTITY, STRICT).rowsIngested()).isEqualTo(2);

        List<Row> rows = reopened(c -> c.query("MATCH (n:Entity) RETURN n.identifier, n.d, n.big, n.flag, n.day, n.ts, n.s, n.i "
                + "ORDER BY n.identifier").rows());
        Row full = rows.get(0);
        assertThat(full.getDouble(1)).isEqualTo(1.25);
        assertThat(full.getLong(2)).isEqualTo(9007199254740993L);
        assertThat(full.getBoolean(3)).isTrue();
        assertThat(full.getDate(4)).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(full.getTimestamp(5)).isEqualTo(Instant.parse("2024-03-01T12:34:56.789Z"));
        assertThat(full.getString(6)).isEqualTo("a");
        assertThat(full.getLong(7)).isEqualTo(7);
        Row empty = rows.get(1);
        for (int i = 1; i <= 7; i++) {
            assertThat(empty.isNull(i)).as("column %d", i).isTrue();
        }
        assertThat(reopened(c -> c.query("CALL table_info('Entity') RETURN name, type").rows()).stream()
                .map(r -> r.getString(0) + " " + r.getString(1)))
                .containsExactly("identifier INT64", "d DOUBLE", "big INT64", "flag BOOL", "day DATE", "ts TIMESTAMP",
                        "s STRING", "i INT32");
    }

    @Test
    void twoGraphsMaterializeConcurrently() throws Exception {
        GraphId other = GraphId.of("g2");
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'a' AS name, 'f' AS file_id FROM range(0, 20000) t(i)");
        staging.stage(other, ENTITY, "SELECT i::BIGINT AS identifier, 'b' AS name, 'f' AS file_id FROM range(0, 30000) t(i)");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<MaterializeResult> a = pool.submit(() -> materialize(G, ENTITY, STRICT));
            Future<MaterializeResult> b = pool.submit(() -> materialize(other, ENTITY, STRICT));
            assertThat(a.get().rowsIngested()).isEqualTo(20000);
            assertThat(b.get().rowsIngested()).isEqualTo(30000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 20000));
        assertThat(sink.tables(other)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 30000));
        assertThat(graphDir.resolve("g1.lbug")).exists();
        assertThat(graphDir.resolve("g2.lbug")).exists();
    }

    @Test
    void twoTablesOfOneGraphMaterializeConcurrentlyOneAfterTheOther() throws Exception {
        TableName other = TableName.of("Other");
        stageEntities(0, 20000);
        staging.stage(G, other, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 30000) t(i)");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<MaterializeResult> a = pool.submit(() -> materialize(ENTITY, STRICT));
            Future<MaterializeResult> b = pool.submit(() -> materialize(other, STRICT));
            assertThat(a.get().rowsIngested()).isEqualTo(20000);
            assertThat(b.get().rowsIngested()).isEqualTo(30000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sink.tables(G)).containsExactlyInAnyOrder(new GraphTableStats("Entity", GraphTableKind.NODE, 20000),
                new GraphTableStats("Other", GraphTableKind.NODE, 30000));
    }

    @Test
    void aFileThatIsNotAGraphDatabaseIsAGraphFailure() throws Exception {
        Files.createDirectories(graphDir);
        Files.writeString(graphDir.resolve("g1.lbug"), "not a LadybugDB file, but long enough to have a header ".repeat(100));

        assertThatThrownBy(() -> sink.tables(G))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_FAILED))
                .hasMessageContaining("Cannot open the graph database of graph g1");
    }

    @Test
    void aNewSinkReopensTheGraphAfterTheFirstWasClosed() {
        stageEntities(0, 10);
        materialize(ENTITY, STRICT);
        sink.close();

        assertThatThrownBy(() -> sink.tables(G))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
        sink = newSink();
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 10));
        stageEntities(0, 20);
        assertThat(materialize(ENTITY, STRICT).rowsIngested()).isEqualTo(20);
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 20));
    }

    @Test
    void exportFilesAreRemovedOnSuccessAndOnFailure() {
        stageEntities(0, 10);
        materialize(ENTITY, STRICT);
        stageLinks("SELECT 0::BIGINT AS src, 99::BIGINT AS dst, 'f0' AS file_id");
        assertThatThrownBy(() -> materialize(LINKS, STRICT)).isInstanceOf(StagingException.class);

        assertThat(staging.exportedFiles()).hasSize(2).noneMatch(Files::exists);
    }

    @Test
    void schemaMismatchWithAnExistingGraphTableNamesTheColumns() {
        stageEntities(0, 10);
        materialize(ENTITY, STRICT);
        staging.stage(G, ENTITY, "SELECT 1::BIGINT AS identifier, 'x' AS title, 1 AS score, 'f' AS file_id");

        assertThatThrownBy(() -> materialize(ENTITY, STRICT))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH))
                .hasMessageContaining("missing in the staging table: name")
                .hasMessageContaining("not in the graph table: title")
                .hasMessageContaining("column score is INTEGER (INT32) but the graph table has DOUBLE");
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 10));
    }

    /** Every column the graph cannot hold exactly is named, with what to cast it to, before the graph is touched. */
    @Test
    void typesTheGraphCannotHoldExactlyAreRefusedUpFrontNamingColumnAndCast() {
        staging.stage(G, ENTITY, "SELECT 1::BIGINT AS identifier, TIME '01:02:03' AS at, MAP {'k': 1} AS m, "
                + "TIMESTAMP_NS '2024-01-01 00:00:00.123456789' AS tsn, [1, 2] AS tags, 'f' AS file_id");

        for (MaterializeOptions options : List.of(STRICT, LENIENT)) {
            assertThatThrownBy(() -> materialize(ENTITY, options))
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH))
                    .hasMessageStartingWith("Table Entity cannot be loaded into the graph exactly, nothing was written")
                    .hasMessageContaining("column at has type TIME, which the graph cannot hold exactly")
                    .hasMessageContaining("column m has type MAP(VARCHAR, INTEGER)")
                    .hasMessageContaining("column tsn has type TIMESTAMP_NS, which the graph cannot hold exactly "
                            + "(the graph keeps microseconds only); cast it to TIMESTAMP (rounds to microseconds) or VARCHAR")
                    .hasMessageNotContaining("tags");
            assertThat(sink.tables(G)).isEmpty();
        }
    }

    @Test
    void relationshipTableNeedsItsEndpointNodeTables() {
        stageLinks("SELECT 0::BIGINT AS src, 1::BIGINT AS dst, 'f0' AS file_id");
        TableSchema schema = staging.describeTable(G, LINKS).orElseThrow();

        assertThatThrownBy(() -> sink.materialize(G, schema, staging,
                new MaterializeOptions(false, Set.of(), Optional.empty(), Optional.empty())))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("from_node_table and to_node_table");
        assertThatThrownBy(() -> materialize(LINKS, STRICT))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("from_node_table Entity is not a node table");
    }

    @Test
    void plainTableIsRefused() {
        staging.stage(G, TableName.of("plain"), "SELECT 1 AS a, 'f' AS file_id");

        assertThatThrownBy(() -> materialize(TableName.of("plain"), STRICT))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH));
    }

    @Test
    void graphNeverMaterializedHasNoTablesAndNoFile() {
        assertThat(sink.tables(GraphId.of("nothing"))).isEmpty();
        assertThat(graphDir.resolve("nothing.lbug")).doesNotExist();
    }

    @Test
    void reportsTheEngineVersionAndHealth() {
        assertThat(sink.engineVersion()).isEqualTo("0.14.3");
        sink.checkHealth();
        assertThat(graphDir).isDirectory();
    }
}
