package io.graphstaging.duckdb.query;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.config.ByteSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** User SQL on real DuckDB files: binding, the sandbox, streaming. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbStagingQueriesTest {
    @TempDir
    static Path dir;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;
    private DuckDbStagingQueries queries;
    private final GraphId graph = GraphId.of("g1");
    private final GraphId other = GraphId.of("g2");
    private Path otherSpoolFile;
    private Path ownSpoolFile;

    @BeforeAll
    void stage() throws Exception {
        DuckDbConfig d = DuckDbConfig.defaults(dir);
        pool = new DuckDbConnectionPool(d.withThreads(2).withMemoryLimit(ByteSize.ofBytes(256_000_000)),
                new SpoolDirectory(dir.resolve("spool")), Clock.systemUTC());
        store = new DuckDbStagingStore(pool);
        queries = new DuckDbStagingQueries(pool);
        ownSpoolFile = stageEntities(graph, "ents.parquet");
        otherSpoolFile = stageEntities(other, "secret.parquet");
    }

    private Path stageEntities(GraphId g, String name) throws Exception {
        Path spool = Files.createDirectories(pool.paths().spool(g));
        Path file = spool.resolve(name);
        ParquetFiles.write(file, List.of(new Column("identifier", "BIGINT"), new Column("industry", "VARCHAR")),
                List.of(List.of(1L, "Technology"), List.of(2L, "Retail"), List.of(3L, "Technology")));
        store.createTable(g, TableName.of("entities"), List.of(new SourceFile(new ObjectUri("bucket", name), file,
                Optional.empty())), "s3://bucket/" + name);
        return file;
    }

    @AfterAll
    void close() {
        pool.close();
    }

    private static SqlQuery sql(String text, Object... params) {
        return new SqlQuery(text, List.of(params));
    }

    private long entityCount() {
        return (Long) queries.query(graph, sql("SELECT count(*) FROM entities"), 10, new Cancellation()).rows().get(0).get(0);
    }

    @Test
    void parametersAreBoundNotSpliced() {
        QueryResult result = queries.query(graph, sql("SELECT identifier FROM entities WHERE industry = ? ORDER BY 1",
                "Technology"), 100, new Cancellation());
        assertThat(result.columns()).containsExactly(new Column("identifier", "BIGINT"));
        assertThat(result.rows()).containsExactly(List.of(1L), List.of(3L));

        QueryResult injected = queries.query(graph, sql("SELECT identifier FROM entities WHERE industry = ?",
                "x' OR '1'='1"), 100, new Cancellation());
        assertThat(injected.rows()).isEmpty();
    }

    @Test
    void valuesComeBackAsJdkTypes() {
        QueryResult result = queries.query(graph, sql("SELECT 1::INTEGER AS i, 2.5::DOUBLE AS d, DATE '2024-01-02' AS day,"
                + " TIMESTAMP '2024-01-02 03:04:05' AS ts, [1, 2] AS list, {'a': 1} AS struct, NULL AS nothing,"
                + " true AS flag, 12.34::DECIMAL(10,2) AS money"), 10, new Cancellation());
        List<Object> row = result.rows().get(0);
        assertThat(row.get(0)).isEqualTo(1);
        assertThat(row.get(1)).isEqualTo(2.5);
        assertThat(row.get(2)).isEqualTo(java.time.LocalDate.of(2024, 1, 2));
        assertThat(row.get(3)).isEqualTo(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(row.get(4)).isEqualTo(List.of(1, 2));
        assertThat(row.get(5)).isEqualTo(java.util.Map.of("a", 1));
        assertThat(row.get(6)).isNull();
        assertThat(row.get(7)).isEqualTo(true);
        assertThat(row.get(8)).isEqualTo(new java.math.BigDecimal("12.34"));
    }

    @Test
    void tooManyRowsForAWholeAnswerIsRefused() {
        Throwable thrown = catchThrowable(() -> queries.query(graph, sql("SELECT * FROM range(50)"), 10, new Cancellation()));
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
    }

    static Stream<String> forbidden() {
        return Stream.of(
                "SELECT * FROM read_csv('/etc/passwd')",
                "SELECT * FROM glob('/etc/*')",
                "COPY entities TO '/tmp/out.csv'",
                "COPY (SELECT 1) TO 'EXPORTS/x.csv'",
                "ATTACH 'OTHER_DB' AS other",
                "INSTALL httpfs",
                "LOAD httpfs",
                "SET threads = 1",
                "SET GLOBAL enable_external_access = true",
                "PRAGMA version",
                "CALL pragma_version()",
                "EXPLAIN SELECT 1",
                "CREATE TABLE x AS SELECT 1",
                "CREATE VIEW v AS SELECT 1",
                "DROP VIEW entities",
                "INSERT INTO entities VALUES (9, 'x')",
                "INSERT INTO entities VALUES (9, 'x') RETURNING *",
                "UPDATE _staging.entities SET industry = 'x'",
                "DELETE FROM _staging.entities",
                "SELECT 1; DROP VIEW entities",
                "DROP VIEW entities; SELECT 1",
                "SELECT * FROM _staging.entities",
                "SELECT * FROM \"_STAGING\".\"entities\"",
                "SELECT * FROM g1._staging.files",
                "SELECT * FROM query('SELECT * FROM _staging.entities')",
                "SELECT * FROM query_table('_staging.entities')",
                "EXPORT DATABASE 'EXPORTS/dump'",
                "CHECKPOINT",
                "DETACH g1",
                "USE _staging",
                "SELECT * FROM read_parquet('OTHER_SPOOL')");
    }

    @ParameterizedTest
    @MethodSource("forbidden")
    void statementsLeavingTheSandboxAreForbiddenAndChangeNothing(String template) throws Exception {
        String text = template.replace("OTHER_DB", pool.paths().database(other).toString())
                .replace("OTHER_SPOOL", otherSpoolFile.toString())
                .replace("EXPORTS", pool.paths().exports(graph).toString());

        Throwable thrown = catchThrowable(() -> queries.query(graph, sql(text), 100, new Cancellation()));

        assertThat(thrown).isInstanceOf(StagingException.class);
        assertThat(((StagingException) thrown).code()).as(text + ": " + thrown.getMessage()).isEqualTo(ErrorCode.QUERY_FORBIDDEN);
        assertThat(entityCount()).isEqualTo(3);
        try (Stream<Path> exports = Files.list(pool.paths().exports(graph))) {
            assertThat(exports).isEmpty();
        }
        assertThat(Path.of("/tmp/out.csv")).doesNotExist();
        // The store's own SQL still reads the spool after the refusal.
        assertThat(store.readSchema(graph, new SourceFile(new ObjectUri("bucket", "ents.parquet"), ownSpoolFile,
                Optional.empty()))).hasSize(2);
    }

    @Test
    void sqlTheEngineRejectsIsInvalidSql() {
        for (String text : List.of("SELEC 1", "SELECT * FROM no_such_table", "SELECT ?")) {
            Throwable thrown = catchThrowable(() -> queries.query(graph, sql(text), 10, new Cancellation()));
            assertThat(((StagingException) thrown).code()).as(text).isEqualTo(ErrorCode.INVALID_SQL);
        }
    }

    @Test
    void aGraphWithoutDatabaseIsNotFoundAndNotCreated() {
        GraphId missing = GraphId.of("never-staged");
        Throwable thrown = catchThrowable(() -> queries.query(missing, sql("SELECT 1"), 10, new Cancellation()));
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.GRAPH_NOT_FOUND);
        assertThat(pool.paths().database(missing)).doesNotExist();
    }

    @Test
    void streamingHandsOverChunksAndFlagsTheLast() {
        List<QueryChunk> chunks = new ArrayList<>();
        queries.stream(graph, sql("SELECT i FROM range(25) t(i) ORDER BY i"), 10, new Cancellation(), chunks::add);
        assertThat(chunks).extracting(c -> c.rows().size()).containsExactly(10, 10, 5);
        assertThat(chunks).extracting(QueryChunk::last).containsExactly(false, false, true);
        assertThat(chunks).extracting(QueryChunk::index).containsExactly(0, 1, 2);

        List<QueryChunk> exact = new ArrayList<>();
        queries.stream(graph, sql("SELECT i FROM range(20) t(i)"), 10, new Cancellation(), exact::add);
        assertThat(exact).extracting(c -> c.rows().size()).containsExactly(10, 10);
        assertThat(exact.get(1).last()).isTrue();

        List<QueryChunk> empty = new ArrayList<>();
        queries.stream(graph, sql("SELECT * FROM entities WHERE false"), 10, new Cancellation(), empty::add);
        assertThat(empty).singleElement().satisfies(c -> {
            assertThat(c.rows()).isEmpty();
            assertThat(c.last()).isTrue();
            assertThat(c.columns()).hasSize(2);
        });
    }

    /**
     * The driver fetches lazily: a result of a trillion rows, which no engine could materialise,
     * yields its first chunks and stops when the consumer gives up. (Without jdbc_stream_results
     * the same call does not return: the driver materialises the whole result first.)
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void streamingFetchesLazilyAndAConsumerFailureStopsTheQuery() {
        List<Integer> seen = new ArrayList<>();
        IllegalStateException clientGone = new IllegalStateException("client went away");
        Throwable thrown = catchThrowable(() -> queries.stream(graph,
                sql("SELECT i, repeat('x', 100) AS pad FROM range(1000000000000) t(i)"), 1000, new Cancellation(), chunk -> {
                    seen.add(chunk.rows().size());
                    if (seen.size() == 5) {
                        throw clientGone;
                    }
                }));
        assertThat(thrown).isSameAs(clientGone);
        assertThat(seen).containsExactly(1000, 1000, 1000, 1000, 1000);
        assertThat(pool.hasActiveConnections(graph)).isFalse();
        assertThat(entityCount()).isEqualTo(3);
    }

    /** Heap held while streaming stays near one chunk, far below the result size. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void streamingHeapStaysBoundedByTheChunk() {
        Runtime runtime = Runtime.getRuntime();
        long[] peak = {0};
        long[] rows = {0};
        System.gc();
        long before = runtime.totalMemory() - runtime.freeMemory();
        // 2M rows of ~200 bytes: ~400 MB if held, far more as Java objects.
        queries.stream(graph, sql("SELECT i, repeat('y', 200) AS pad FROM range(2000000) t(i)"), 1000, new Cancellation(), chunk -> {
            rows[0] += chunk.rows().size();
            if (chunk.index() % 200 == 0) {
                System.gc();
                peak[0] = Math.max(peak[0], runtime.totalMemory() - runtime.freeMemory());
            }
        });
        assertThat(rows[0]).isEqualTo(2_000_000);
        assertThat(peak[0] - before).isLessThan(64L * 1024 * 1024);
    }
}
