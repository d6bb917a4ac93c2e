package io.graphstaging.duckdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.model.Cancellation;

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
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.PooledConnection;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.testing.QueryFixture;
import io.graphstaging.duckdb.testing.ParquetFiles;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** User SQL on real DuckDB files: binding, the sandbox, streaming. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuckDbStagingQueriesTest {
    @TempDir
    static Path dir;
    private QueryFixture duckdb;
    private DuckDbConnectionPool pool;
    private DuckDbStagingStore store;
    private DuckDbStagingQueries queries;
    private final GraphId graph = GraphId.of("g1");
    private final GraphId other = GraphId.of("g2");
    private Path otherSpoolFile;
    private Path ownSpoolFile;

    @BeforeAll
    void stage() throws Exception {
        duckdb = new QueryFixture(dir, 4);
        pool = duckdb.pool();
        store = duckdb.store();
        queries = duckdb.queries();
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
        duckdb.close();
    }

    private static SqlQuery sql(String text, Object... params) {
        return new SqlQuery(text, List.of(params));
    }

    private QueryResult all(GraphId g, SqlQuery query) {
        List<Column> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        queries.stream(g, query, 1000, new Cancellation(), chunk -> {
            if (columns.isEmpty()) {
                columns.addAll(chunk.columns());
            }
            rows.addAll(chunk.rows());
        });
        return new QueryResult(columns, rows);
    }

    private QueryResult all(SqlQuery query) {
        return all(graph, query);
    }

    private long entityCount() {
        return (Long) all(sql("SELECT count(*) FROM entities")).rows().get(0).get(0);
    }

    private static StagingException failure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(StagingException.class);
        return (StagingException) thrown;
    }

    @Test
    void parametersAreBoundNotSpliced() {
        QueryResult result = all(sql("SELECT identifier FROM entities WHERE industry = ? ORDER BY 1", "Technology"));
        assertThat(result.columns()).containsExactly(new Column("identifier", "BIGINT"));
        assertThat(result.rows()).containsExactly(List.of(1L), List.of(3L));

        QueryResult injected = all(sql("SELECT identifier FROM entities WHERE industry = ?", "x' OR '1'='1"));
        assertThat(injected.rows()).isEmpty();
    }

    @Test
    void valuesComeBackAsJdkTypes() {
        QueryResult result = all(sql("SELECT 1::INTEGER AS i, 2.5::DOUBLE AS d, DATE '2024-01-02' AS day,"
                + " TIMESTAMP '2024-01-02 03:04:05' AS ts, [1, 2] AS list, {'a': 1} AS struct, NULL AS nothing,"
                + " true AS flag, 12.34::DECIMAL(10,2) AS money"));
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
                "SELECT * FROM read_parquet('OTHER_SPOOL')",
                // Allowed table functions only: these read what they must not.
                "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM _staging.files'))",
                "SELECT * FROM pragma_storage_info('_staging.\"rows:entities\"')",
                "SELECT * FROM read_blob('OWN_DB')",
                "SELECT * FROM read_blob('OWN_DB.wal')",
                "SELECT * FROM read_text('OWN_SPOOL')",
                "SELECT * FROM checkpoint()",
                "SELECT * FROM force_checkpoint()",
                "SELECT * FROM duckdb_settings()",
                "SELECT * FROM duckdb_secrets()",
                "SELECT * FROM query_table('entities')",
                // The engine's catalog views, files as tables, DESCRIBE and SUMMARIZE.
                "SELECT * FROM duckdb_databases",
                "SELECT * FROM duckdb_tables",
                "SELECT * FROM information_schema.tables",
                "SELECT * FROM pg_catalog.pg_class",
                "SELECT * FROM 'OWN_SPOOL'",
                "SELECT * FROM (DESCRIBE _staging.files)",
                "SELECT * FROM (SUMMARIZE entities)",
                "WITH x AS (SELECT 1) SELECT * FROM (WITH duckdb_tables AS (SELECT 1) SELECT 1), duckdb_tables",
                // Functions that read the engine's state or run SQL text.
                "SELECT current_setting('allowed_directories')",
                "SELECT getvariable('x')",
                "SELECT json_serialize_plan('SELECT * FROM _staging.files')",
                "SELECT pg_get_viewdef('entities')",
                "SELECT nextval('s')",
                "SELECT system.main.lower('x')");
    }

    @ParameterizedTest
    @MethodSource("forbidden")
    void statementsLeavingTheSandboxAreForbiddenAndChangeNothing(String template) throws Exception {
        String text = template.replace("OTHER_DB", pool.paths().database(other).toString())
                .replace("OWN_DB", pool.paths().database(graph).toString())
                .replace("OWN_SPOOL", ownSpoolFile.toString())
                .replace("OTHER_SPOOL", otherSpoolFile.toString())
                .replace("EXPORTS", pool.paths().exports(graph).toString());

        StagingException refused = failure(() -> all(sql(text)));

        assertThat(refused.code()).as(text + ": " + refused.getMessage()).isEqualTo(ErrorCode.QUERY_FORBIDDEN);
        assertThat(refused.getMessage()).doesNotContain(dir.toString());
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
        for (String text : List.of("SELEC 1", "SELECT * FROM no_such_table", "SELECT no_such_column FROM entities",
                "SELECT 'x'::INTEGER")) {
            StagingException e = failure(() -> all(sql(text)));
            assertThat(e.code()).as(text).isEqualTo(ErrorCode.INVALID_SQL);
        }
    }

    @Test
    void aGraphWithoutDatabaseIsNotFoundAndNotCreated() {
        GraphId missing = GraphId.of("never-staged");
        assertThat(failure(() -> all(missing, sql("SELECT 1"))).code()).isEqualTo(ErrorCode.GRAPH_NOT_FOUND);
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
        queries.stream(graph, sql("SELECT i, repeat('y', 200) AS pad FROM range(2000000) t(i)"), 1000, new Cancellation(),
                chunk -> {
            rows[0] += chunk.rows().size();
            if (chunk.index() % 200 == 0) {
                System.gc();
                peak[0] = Math.max(peak[0], runtime.totalMemory() - runtime.freeMemory());
            }
        });
        assertThat(rows[0]).isEqualTo(2_000_000);
        assertThat(peak[0] - before).isLessThan(64L * 1024 * 1024);
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("SELECT ?, ?", List.of(1L), "2 parameters but 1 value"),
                Arguments.of("SELECT 1", List.of(1L), "0 parameters but 1 value"),
                Arguments.of("SELECT ?", List.of(new BigInteger("1".repeat(60))), "parameter 1"),
                Arguments.of("SELECT ?", List.of(Double.POSITIVE_INFINITY), "parameter 1"),
                Arguments.of("SELECT ?, ?", List.of(1L, Double.NaN), "parameter 2"),
                Arguments.of("SELECT ?", List.of(new BigDecimal("1E-42")), "parameter 1"),
                Arguments.of("SELECT ?", List.of("a\0b"), "parameter 1"));
    }

    @ParameterizedTest
    @MethodSource("badParameters")
    void parametersThatWouldBindWronglyAreRefusedNamingThem(String text, List<Object> values, String named) {
        StagingException e = failure(() -> all(new SqlQuery(text, values)));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(e.getMessage()).containsIgnoringCase(named);
    }

    @Test
    void numbersThatFitBindExactly() {
        BigInteger wide = new BigInteger("9".repeat(38));
        QueryResult result = all(sql("SELECT ?, ?, ?, ?, ?", new BigInteger("12345678901234567890"), wide,
                new BigDecimal("0.001"), new BigDecimal("1E+3"), 1e300));

        assertThat(result.rows().get(0)).containsExactly(new BigDecimal("12345678901234567890"), new BigDecimal(wide),
                new BigDecimal("0.001"), 1000L, 1e300);
    }

    @Test
    void anEngineErrorBeforeTheFirstRowCarriesItsOwnMessage() {
        StagingException e = failure(() -> all(sql("SELECT i::TINYINT FROM range(1000) t(i)")));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SQL);
        assertThat(e.getMessage()).contains("Conversion Error").doesNotContain("Invalid result set");
    }

    @Test
    void anEngineErrorInTheMiddleOfAStreamCarriesItsOwnCode() {
        List<Integer> chunks = new ArrayList<>();
        StagingException e = failure(() -> queries.stream(graph, sql("SELECT CASE WHEN i = 3000000 THEN error('boom ' || i)"
                + " ELSE i END AS v FROM range(4000000) t(i)"), 10_000, new Cancellation(), chunk -> chunks.add(chunk.index())));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SQL);
        assertThat(e.getMessage()).contains("boom 3000000");
        assertThat(pool.hasActiveConnections(graph)).isFalse();
        assertThat(entityCount()).isEqualTo(3);
    }

    @Test
    void runningOutOfEngineMemoryIsNotTheSqlsFault() {
        StagingException e = failure(() -> all(sql("SELECT length(string_agg(repeat('x', 1000) || i, ',')) FROM range(500000) t(i)")));

        assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.MEMORY_BUDGET_EXHAUSTED);
        assertThat(e.getMessage()).contains("DUCKDB_MEMORY_LIMIT");
        assertThat(entityCount()).isEqualTo(3);
    }

    static Stream<String> ordinarySql() {
        return Stream.of(
                "SELECT industry, count(*) AS n FROM entities GROUP BY ALL ORDER BY n DESC",
                "SELECT e.identifier, o.industry FROM entities e JOIN main.entities o USING (identifier)",
                "SELECT * FROM g1.entities",
                "SELECT * FROM g1.main.entities",
                "WITH t AS (SELECT * FROM entities) SELECT count(*) FROM t",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT sum(i) FROM n",
                "SELECT i, row_number() OVER (ORDER BY i DESC) FROM range(5) t(i)",
                "SELECT * FROM generate_series(1, 3), unnest([1, 2])",
                "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(x, y)",
                "SELECT list_transform([1, 2], lambda x: x * 2), {'a': 1}.a, [1, 2, 3][2:3], 'abc' LIKE 'a%'",
                "SELECT date_trunc('month', DATE '2024-03-05'), strftime(TIMESTAMP '2024-01-01', '%Y'), now() IS NOT NULL",
                "SELECT upper(industry), regexp_replace(industry, 'T', 't'), coalesce(NULL, 1) FROM entities",
                "SELECT * FROM json_each('{\"a\": 1}')",
                "SELECT quantile_cont(identifier, 0.5), string_agg(industry, ',' ORDER BY industry) FROM entities",
                "FROM entities SELECT identifier WHERE identifier IN (SELECT identifier FROM entities WHERE industry = 'Retail')",
                "SELECT * FROM entities e, LATERAL (SELECT e.identifier * 2 AS twice) t",
                "SELECT * FROM entities UNION ALL SELECT * FROM entities");
    }

    @ParameterizedTest
    @MethodSource("ordinarySql")
    void ordinaryQueriesPassTheAllowList(String text) {
        assertThat(all(sql(text)).rows()).as(text).isNotEmpty();
    }

    @Test
    void everyAllowedFunctionIsOneTheEngineKnows() throws Exception {
        Set<String> engine = new HashSet<>();
        try (PooledConnection lease = pool.acquire(graph); Statement s = lease.connection().createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT lower(function_name) FROM duckdb_functions()"
                     + " WHERE function_type IN ('scalar', 'aggregate', 'window', 'macro')")) {
            while (rs.next()) {
                engine.add(rs.getString(1));
            }
        }
        Set<String> unknown = new TreeSet<>(new QuerySandbox().functions());
        unknown.removeAll(engine);
        // unnest and unlist are table functions the parser also takes in a select list.
        assertThat(unknown).containsExactlyInAnyOrder("unnest", "unlist");
    }
}
