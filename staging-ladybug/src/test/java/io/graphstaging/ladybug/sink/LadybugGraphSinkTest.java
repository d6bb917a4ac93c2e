package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.testing.StagedTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink's writes on real LadybugDB files, driven as a materialize drives them: target, then write. */
class LadybugGraphSinkTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITY = TableName.of("Entity");

    @TempDir
    Path tmp;
    private StagedTables staging;
    private LadybugGraphSink sink;
    private Path graphDir;

    @BeforeEach
    void setUp() {
        staging = new StagedTables(tmp.resolve("duck"));
        graphDir = tmp.resolve("graphs");
        sink = new LadybugGraphSink(LadybugConfig.defaults(graphDir).withBufferPoolBytes(256L << 20).withMaxThreads(2),
                MemoryBudget.unlimited());
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
        staging.close();
    }

    /** Every column the graph cannot hold exactly is named, with what to cast it to, before the graph is touched. */
    @Test
    void typesTheGraphCannotHoldExactlyAreRefusedUpFrontNamingColumnAndCast() {
        staging.stage(G, ENTITY, "SELECT 1::BIGINT AS identifier, TIME '01:02:03' AS at, MAP {'k': 1} AS m, "
                + "TIMESTAMP_NS '2024-01-01 00:00:00.123456789' AS tsn, [1, 2] AS tags, 'f' AS file_id");

        for (boolean ignoreErrors : new boolean[] {false, true}) {
            assertThatThrownBy(() -> staging.load(sink, G, ENTITY, Optional.empty(), Optional.empty(), ignoreErrors))
                    .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH))
                    .hasMessageStartingWith("Table Entity cannot be loaded into the graph exactly, nothing was written")
                    .hasMessageContaining("column at has type TIME, which the graph cannot hold exactly")
                    .hasMessageContaining("column m has type MAP(VARCHAR, INTEGER)")
                    .hasMessageContaining("column tsn has type TIMESTAMP_NS, which the graph cannot hold exactly "
                            + "(the graph keeps microseconds only); cast it to TIMESTAMP (rounds to microseconds) or VARCHAR")
                    .hasMessageNotContaining("tags");
            assertThat(sink.tables(G)).isEmpty();
        }
        assertThat(graphDir.resolve("g1.lbug")).doesNotExist();
    }

    @Test
    void twoTablesOfOneGraphMaterializeConcurrentlyOneAfterTheOther() throws Exception {
        TableName other = TableName.of("Other");
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'name-' || i AS name, 'f' AS file_id FROM range(0, 20000) t(i)");
        staging.stage(G, other, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 30000) t(i)");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<GraphWriteResult> a = pool.submit(() -> staging.load(sink, G, ENTITY));
            Future<GraphWriteResult> b = pool.submit(() -> staging.load(sink, G, other));
            assertThat(a.get().inserted()).isEqualTo(20000);
            assertThat(b.get().inserted()).isEqualTo(30000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sink.tables(G)).containsExactlyInAnyOrder(new GraphTableStats("Entity", GraphTableKind.NODE, 20000),
                new GraphTableStats("Other", GraphTableKind.NODE, 30000));
    }

    /** DECIMAL, HUGEINT and INTERVAL reach the graph as text; an update casts them as the copy parses them. */
    @Test
    void updatesOfColumnsThatTravelAsTextSetTheirValues() {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, (i * 1.25)::DECIMAL(18,2) AS amount,"
                + " i::HUGEINT * 10000000000000000000 AS big, to_days(i::INTEGER) AS span, 'f' AS file_id FROM range(1, 3) t(i)");
        // As staging hands rows to the graph (ParquetExporter.graphColumn): text the engine parses.
        String handed = "SELECT identifier, amount::VARCHAR AS amount, big::VARCHAR AS big,"
                + " '0 months ' || datepart('day', span) || ' days 0 microseconds' AS span FROM g1__Entity";
        staging.stage(G, TableName.of("Inserts"), handed);
        staging.stage(G, TableName.of("Updates"), handed.replace("identifier,", "identifier + 0 AS identifier,")
                .replace("amount::VARCHAR", "(amount * 2)::VARCHAR").replace("big::VARCHAR", "(big + 1)::VARCHAR")
                .replace("datepart('day', span)", "(datepart('day', span) + 10)") + " WHERE identifier = 2");
        GraphTarget target = sink.target(G, staging.schema(G, ENTITY), Optional.empty(), Optional.empty(), Optional.empty());
        try (ParquetFile inserts = staging.export(G, TableName.of("Inserts"), target)) {
            sink.write(G, target, new GraphWrite(inserts, staging.none(target), staging.none(target), false, false, false,
                    Optional.empty()));
        }
        GraphTarget existing = sink.target(G, staging.schema(G, ENTITY), Optional.empty(), Optional.empty(), Optional.empty());
        try (ParquetFile updates = staging.export(G, TableName.of("Updates"), existing)) {
            assertThat(sink.write(G, existing, new GraphWrite(staging.none(existing), updates, staging.none(existing), false,
                    false, false, Optional.empty())).updated()).isEqualTo(1);
        }

        List<String> rows = sink.databases().write(G, c -> {
            try (QueryResult result = c.query("MATCH (n:Entity) RETURN n.identifier, CAST(n.amount AS STRING),"
                    + " CAST(n.big AS STRING), CAST(n.span AS STRING) ORDER BY n.identifier")) {
                return result.rows().stream().map(r -> r.values().stream().map(String::valueOf)
                        .collect(Collectors.joining("|"))).toList();
            }
        });
        assertThat(rows).containsExactly("1|1.25|10000000000000000000|1 day", "2|5.00|20000000000000000001|12 days");
    }

    /**
     * Relationships new to a table that holds rows are created, not copied (TableCopy): they must
     * hold what a copy gives, also for the columns that travel as text and for lists and NULLs.
     */
    @Test
    void relationshipsAddedToAnExistingTableHoldWhatTheCopyOfANewTableGave() {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(1, 4) t(i)");
        staging.load(sink, G, ENTITY);
        TableName links = TableName.of("links");
        staging.stage(G, links, "SELECT i::BIGINT AS src, i::BIGINT + 1 AS dst, (i * 1.25)::DECIMAL(18,2) AS amount,"
                + " i::HUGEINT * 10000000000000000000 AS big, to_days(i::INTEGER) AS span, [i, i + 1] AS tags,"
                + " CASE WHEN i = 2 THEN 'x' END AS note, 'f' AS file_id FROM range(1, 3) t(i)");
        String handed = "SELECT src, dst, amount::VARCHAR AS amount, big::VARCHAR AS big,"
                + " '0 months ' || datepart('day', span) || ' days 0 microseconds' AS span, tags, note FROM g1__links";
        staging.stage(G, TableName.of("First"), handed + " WHERE src = 1");
        staging.stage(G, TableName.of("Second"), handed + " WHERE src = 2");
        for (String part : List.of("First", "Second")) {
            GraphTarget target = sink.target(G, staging.schema(G, links), Optional.of(ENTITY), Optional.of(ENTITY), Optional.empty());
            try (ParquetFile inserts = staging.export(G, TableName.of(part), target)) {
                assertThat(sink.write(G, target, new GraphWrite(inserts, staging.none(target), staging.none(target), false,
                        false, false, Optional.empty())).inserted()).isEqualTo(1);
            }
        }

        List<String> rows = sink.databases().write(G, c -> {
            try (QueryResult result = c.query("MATCH (a:Entity)-[r:links]->(b:Entity) RETURN a.identifier, b.identifier,"
                    + " CAST(r.amount AS STRING), CAST(r.big AS STRING), CAST(r.span AS STRING), r.tags, r.note ORDER BY a.identifier")) {
                return result.rows().stream().map(r -> r.values().stream().map(String::valueOf)
                        .collect(Collectors.joining("|"))).toList();
            }
        });
        assertThat(rows).containsExactly("1|2|1.25|10000000000000000000|1 day|[1, 2]|null",
                "2|3|2.50|20000000000000000000|2 days|[2, 3]|x");
    }

    @Test
    void aFileThatIsNotAGraphDatabaseIsAGraphFailure() throws Exception {
        Files.createDirectories(graphDir);
        Files.writeString(graphDir.resolve("g1.lbug"), "not a LadybugDB file, but long enough to have a header ".repeat(100));
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 3) t(i)");

        assertThatThrownBy(() -> sink.tables(G))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_FAILED))
                .hasMessageContaining("Cannot open the graph database of graph g1");
        assertThatThrownBy(() -> staging.load(sink, G, ENTITY))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_FAILED))
                .hasMessageContaining("Cannot open the graph database of graph g1");
    }
}
