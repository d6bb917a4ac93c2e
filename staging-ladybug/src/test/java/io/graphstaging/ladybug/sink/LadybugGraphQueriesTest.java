package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.CypherQuery;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.IntervalValue;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.ladybug.LadybugConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LadybugGraphQueriesTest {
    private static final GraphId G = GraphId.of("g1");

    @TempDir
    static Path files;
    @TempDir
    Path tmp;
    private LadybugGraphSink sink;
    private LadybugGraphQueries queries;

    @BeforeEach
    void setUp() {
        sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(128L << 20)
                .withMaxThreads(2), MemoryBudget.unlimited());
        queries = new LadybugGraphQueries(sink, new QueryThreads(2), QueryLimits.defaults(1L << 30, 2));
        sink.databases().write(G, connection -> {
            connection.execute("CREATE NODE TABLE P(id INT64 PRIMARY KEY, name STRING, amount DECIMAL(18, 2),"
                    + " born DATE, wait INTERVAL, big INT128, score DOUBLE)");
            connection.execute("CREATE REL TABLE K(FROM P TO P, since INT64)");
            connection.execute("CREATE SEQUENCE seq");
            connection.execute("CREATE (:P {id: 1, name: 'a', amount: CAST('1234.50' AS DECIMAL(18, 2)),"
                    + " born: date('2024-01-02'), wait: interval('1 day'),"
                    + " big: CAST('170141183460469231731687303715884105727' AS INT128), score: 1.5})");
            connection.execute("CREATE (:P {id: 2, name: 'b'})");
            connection.execute("MATCH (a:P {id: 1}), (b:P {id: 2}) CREATE (a)-[:K {since: 7}]->(b)");
            SinkRecords.put(connection, "k", "secret");
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        sink.close();
    }

    private List<List<Object>> rows(String cypher, Map<String, Object> parameters) {
        List<List<Object>> rows = new ArrayList<>();
        queries.stream(G, new CypherQuery(cypher, parameters), 10, new Cancellation(), chunk -> rows.addAll(chunk.rows()));
        return rows;
    }

    @Test
    void readsRowsWithExactValues() {
        List<List<Object>> rows = rows("MATCH (p:P) WHERE p.id = $id RETURN p.name, p.amount, p.born, p.wait, p.big,"
                + " p.score", Map.of("id", 1));
        assertThat(rows).containsExactly(List.of("a", new BigDecimal("1234.50"), LocalDate.of(2024, 1, 2),
                new IntervalValue(0, 1, 0), new BigInteger("170141183460469231731687303715884105727"), 1.5));
    }

    @Test
    void nodesAndRelationshipsAreMapsWithLabelAndIds() {
        List<List<Object>> rows = rows("MATCH (a:P)-[k:K]->(b:P) RETURN a, k", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> node = (Map<String, Object>) rows.get(0).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> rel = (Map<String, Object>) rows.get(0).get(1);
        assertThat(node).containsEntry("_label", "P").containsEntry("name", "a").containsKey("_id");
        assertThat(rel).containsEntry("_label", "K").containsEntry("since", 7L).containsKeys("_src", "_dst", "_id");
    }

    @Test
    void chunksAreNumberedAndTheLastIsFlagged() {
        List<QueryChunk> chunks = new ArrayList<>();
        queries.stream(G, new CypherQuery("UNWIND range(1, 25) AS x RETURN x", Map.of()), 10, new Cancellation(), chunks::add);
        assertThat(chunks).extracting(c -> c.rows().size()).containsExactly(10, 10, 5);
        assertThat(chunks).extracting(QueryChunk::last).containsExactly(false, false, true);
        assertThat(chunks.get(2).index()).isEqualTo(2);
        assertThat(chunks.get(0).columns().get(0).name()).isEqualTo("x");
    }

    @Test
    void aCommentedOutSecondStatementIsOnlyAComment() {
        assertThat(rows("MATCH (p:P) RETURN p.id ORDER BY p.id // ; CREATE (:P {id: 9})", Map.of()))
                .containsExactly(List.of(1L), List.of(2L));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "CREATE (:P {id: 9})",
        "MERGE (:P {id: 9})",
        "MATCH (p:P) SET p.name = 'x'",
        "MATCH (p:P) DELETE p",
        "MATCH (p:P) DETACH DELETE p",
        "MATCH (p:P) WHERE p.id = 1 WITH p MATCH (q:P) CREATE (p)-[:K]->(q)",
        "UNWIND [9] AS x CREATE (:P {id: x})",
        "/* just a read */ CREATE (:P {id: 9})",
        "MATCH (p:P) RETURN p; CREATE (:P {id: 9})",
        "MATCH (p:P) RETURN p;\nMATCH (p:P) RETURN p",
        "DROP TABLE K",
        "ALTER TABLE P ADD extra INT64",
        "CREATE NODE TABLE Q(id INT64 PRIMARY KEY)",
        "CREATE SEQUENCE s2",
        "CREATE MACRO m(x) AS x + 1",
        "RETURN nextval('seq')",
        "MATCH (p:P) RETURN p.id + nextval('seq')",
        "COPY P FROM '@FILES@/in.csv'",
        "COPY (MATCH (p:P) RETURN p.id) TO '@FILES@/out.csv'",
        "LOAD FROM '@FILES@/in.csv' RETURN *",
        "MATCH (p:P) WITH p LOAD FROM '@FILES@/in.csv' RETURN *",
        "EXPORT DATABASE '@FILES@/export'",
        "IMPORT DATABASE '@FILES@/export'",
        "ATTACH '@FILES@/other.lbug' AS other (dbtype lbug)",
        "USE other",
        "DETACH other",
        "INSTALL json",
        "LOAD EXTENSION json",
        "BEGIN TRANSACTION",
        "COMMIT",
        "ROLLBACK",
        "CALL threads = 1",
        "CALL show_tables() RETURN *",
        "CALL table_info('$sink_state') RETURN *",
        "CALL enable_internal_catalog=true",
    })
    void refusesEverythingButAPureReadAndLeavesTheGraphAsItWas(String template) throws Exception {
        Files.writeString(files.resolve("in.csv"), "9,x\n");
        String cypher = template.replace("@FILES@", files.toString());

        assertThatThrownBy(() -> rows(cypher, Map.of()))
                .isInstanceOf(StagingException.class)
                .satisfies(e -> assertThat(((StagingException) e).code()).as(((StagingException) e).getMessage())
                        .isEqualTo(ErrorCode.QUERY_FORBIDDEN));

        assertThat(rows("MATCH (p:P) RETURN p.id, p.name ORDER BY p.id", Map.of()))
                .containsExactly(List.of(1L, "a"), List.of(2L, "b"));
        assertThat(rows("MATCH ()-[k:K]->() RETURN count(k)", Map.of())).containsExactly(List.of(1L));
        assertThat(sink.tables(G)).extracting(t -> t.tableName()).containsExactlyInAnyOrder("P", "K");
        assertThat(files.resolve("out.csv")).doesNotExist();
        assertThat(files.resolve("export")).doesNotExist();
        assertThat(files.resolve("other.lbug")).doesNotExist();
        long next = sink.databases().write(G, c -> c.queryLong("RETURN nextval('seq')"));
        assertThat(next).as("the sequence was not advanced by the refused query").isEqualTo(FIRST_SEQUENCE_VALUE);
    }

    @Test
    void theSinksOwnRecordsAreInvisibleToQueries() {
        assertThat(rows("MATCH (n) RETURN count(n)", Map.of())).as("only the user's nodes").containsExactly(List.of(2L));
        assertThat(rows("MATCH (n) RETURN DISTINCT label(n)", Map.of())).containsExactly(List.of("P"));
        assertThat(rows("MATCH ()-[r]->() RETURN count(r)", Map.of())).containsExactly(List.of(1L));
        for (String cypher : List.of("MATCH (n:`$sink_state`) RETURN n.value",
                "MATCH (p:P) WHERE EXISTS { MATCH (q:`$sink_state`) } RETURN p",
                "MATCH (p:P) WHERE COUNT { MATCH (q:`$sink_state`) WHERE q.value = 'secret' } > 0 RETURN p")) {
            assertThatThrownBy(() -> rows(cypher, Map.of())).as(cypher)
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code())
                            .isIn(ErrorCode.INVALID_CYPHER, ErrorCode.QUERY_FORBIDDEN));
        }
        assertThat(sink.tables(G)).extracting(t -> t.tableName()).containsExactlyInAnyOrder("P", "K");
        Map<String, String> kept = sink.databases().write(G, c -> SinkRecords.withPrefix(c, "k"));
        assertThat(kept).as("the record is kept")
                .containsExactly(Map.entry("k", "secret"));
    }

    @Test
    void recordsInTheFormerVisibleTableMoveToTheInternalOneOnFirstUse() {
        sink.databases().write(G, connection -> {
            // As a database written before the records moved holds them.
            connection.execute("CREATE NODE TABLE `$sink_records`(key STRING PRIMARY KEY, value STRING)");
            connection.execute("CREATE (:`$sink_records` {key: 'sync:p', value: 'old'})");
            return null;
        });
        assertThatThrownBy(() -> rows("MATCH (n) RETURN count(n)", Map.of()))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_FORBIDDEN));

        Map<String, String> moved = sink.databases().write(G, c -> SinkRecords.withPrefix(c, "sync:"));
        assertThat(moved).containsExactly(Map.entry("sync:p", "old"));

        assertThat(rows("MATCH (n) RETURN count(n)", Map.of())).containsExactly(List.of(2L));
        Map<String, String> all = sink.databases().write(G, c -> SinkRecords.withPrefix(c, ""));
        assertThat(all).containsOnlyKeys("k", "sync:p");
    }

    /** What a new sequence's first nextval gives. */
    private static final long FIRST_SEQUENCE_VALUE = 1;

    @Test
    void cypherTheEngineRejectsIsInvalidCypher() {
        assertThatThrownBy(() -> rows("MATCH (p:Nope) RETURN p", Map.of()))
                .isInstanceOf(StagingException.class).extracting(e -> ((StagingException) e).code())
                .isEqualTo(ErrorCode.INVALID_CYPHER);
        assertThatThrownBy(() -> rows("MATCH (p:P RETURN p", Map.of()))
                .isInstanceOf(StagingException.class).extracting(e -> ((StagingException) e).code())
                .isEqualTo(ErrorCode.INVALID_CYPHER);
    }

    @Test
    void aGraphWithoutADatabaseIsNotFoundAndNothingIsCreated() {
        GraphId other = GraphId.of("never");
        assertThatThrownBy(() -> queries.stream(other, new CypherQuery("RETURN 1", Map.of()), 10, new Cancellation(),
                chunk -> { }))
                .isInstanceOf(StagingException.class).extracting(e -> ((StagingException) e).code())
                .isEqualTo(ErrorCode.GRAPH_NOT_FOUND);
        assertThat(sink.databases().pathOf(other)).doesNotExist();
    }

    @Test
    void aQueryPastItsTimeLimitIsStopped() {
        LadybugGraphQueries quick = new LadybugGraphQueries(sink, new QueryThreads(2),
                QueryLimits.defaults(1L << 30, 2).withTimeout(Duration.ofMillis(200)));
        List<QueryChunk> chunks = new ArrayList<>();
        assertThatThrownBy(() -> quick.stream(G, new CypherQuery(SLOW, Map.of()), 10, new Cancellation(), chunks::add))
                .isInstanceOf(StagingException.class).extracting(e -> ((StagingException) e).code())
                .isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(chunks).as("no partial answer").isEmpty();
        assertThat(rows("MATCH (p:P) RETURN count(p)", Map.of())).as("the graph still answers").containsExactly(List.of(2L));
    }

    @Test
    void theTimeLimitCoversReadingTheRowsOut() {
        LadybugGraphQueries quick = new LadybugGraphQueries(sink, new QueryThreads(2),
                QueryLimits.defaults(1L << 30, 2).withTimeout(Duration.ofMillis(200)));
        List<QueryChunk> chunks = new ArrayList<>();
        // The engine is done at once; the consumer takes longer than the whole limit over the first chunk.
        assertThatThrownBy(() -> quick.stream(G, new CypherQuery("UNWIND range(1, 25) AS x RETURN x", Map.of()), 10,
                new Cancellation(), chunk -> {
                    chunks.add(chunk);
                    sleep(Duration.ofMillis(400));
                }))
                .isInstanceOf(StagingException.class).extracting(e -> ((StagingException) e).code())
                .isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(chunks).as("the answer ends with the error, no last chunk").hasSize(1)
                .allSatisfy(chunk -> assertThat(chunk.last()).isFalse());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void cancellingStopsTheRunningQuery() {
        Cancellation cancellation = new Cancellation();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.schedule(() -> cancellation.cancel(ErrorCode.CANCELLED, "client gone"), 300, TimeUnit.MILLISECONDS);
            assertThatThrownBy(() -> queries.stream(G, new CypherQuery(SLOW, Map.of()), 10, cancellation, chunk -> { }))
                    .isInstanceOf(StagingException.class).hasMessage("client gone");
        } finally {
            timer.shutdownNow();
        }
    }

    /**
     * Runs for minutes unless stopped (still running after 60 s here): 10^10 sums, one per row.
     * A count(*) of the same cross product is no slow query: the engine counts the inner UNWIND's
     * rows a vector at a time, 10^10 in 0.2 s, which is how the time-limit test once returned a
     * whole, correct count. Lists of 10^5, not more: the engine builds each list before it next
     * checks for a stop.
     */
    private static final String SLOW =
            "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN sum(a + b)";
}
