package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.testing.StagedTables;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When relationship statements anchor on their sources, on a real graph with a hub: node 1 links
 * to 80 nodes, nodes 2..50 each to the next, node 2 also to 50 (130 relationships).
 */
class SourceAnchoringTest {
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITY = TableName.of("Entity");
    private static final TableName LINKS = TableName.of("links");

    @TempDir
    Path tmp;
    private StagedTables staging;
    private LadybugGraphSink sink;

    @BeforeEach
    void setUp() {
        staging = new StagedTables(tmp.resolve("duck"));
        sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(128L << 20)
                .withMaxThreads(2), MemoryBudget.unlimited());
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'n' || i AS name FROM range(1, 101) t(i)");
        staging.stage(G, LINKS, "SELECT 1::BIGINT AS src, i::BIGINT AS dst, i::BIGINT AS weight FROM range(2, 82) t(i)"
                + " UNION ALL SELECT i::BIGINT, (i + 1)::BIGINT, (1000 + i)::BIGINT FROM range(2, 51) t(i)"
                + " UNION ALL SELECT 2::BIGINT, 50::BIGINT, 2050::BIGINT");
        staging.load(sink, G, ENTITY);
        staging.load(sink, G, LINKS, Optional.of(ENTITY), Optional.of(ENTITY), false);
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
        staging.close();
    }

    @Test
    void oneRowPerSourceIsAnchoredAndSeveralRowsOfAHubAreNot() {
        assertThat(pays(rows("(1, 2, 0), (2, 3, 0), (3, 4, 0)"))).isTrue();
        // Node 2: 2 rows x 2 relationships = 4 <= 130.
        assertThat(pays(rows("(2, 3, 0), (2, 50, 0)"))).isTrue();
        // The hub: 2 rows x 80 relationships = 160 > 130, more than the whole-table join builds.
        assertThat(pays(rows("(1, 2, 0), (1, 3, 0)"))).isFalse();
    }

    /** Both ways of matching change exactly the rows named, the hub's other relationships untouched. */
    @Test
    void updatesAndRemovalsChangeOnlyTheirPairsAnchoredOrNot() {
        long before = weights();
        // Not anchored (the hub's two rows), then anchored with rows counted (node 2's two rows).
        assertThat(update(rows("(1, 2, -1), (1, 3, -2)")).updated()).isEqualTo(2);
        assertThat(update(rows("(2, 3, -3), (2, 50, -4)")).updated()).isEqualTo(2);

        assertThat(weight(1, 2)).isEqualTo(-1);
        assertThat(weight(1, 3)).isEqualTo(-2);
        assertThat(weight(2, 3)).isEqualTo(-3);
        assertThat(weight(2, 50)).isEqualTo(-4);
        assertThat(weights()).isEqualTo(before - 2 - 3 - 1002 - 2050 - 1 - 2 - 3 - 4);

        GraphTarget target = sink.target(G, staging.schema(G, LINKS), Optional.of(ENTITY), Optional.of(ENTITY), Optional.empty());
        staging.stage(G, TableName.of("gone"), rows("(1, 4, 0), (1, 5, 0), (3, 4, 0)"));
        try (ParquetFile removals = staging.export(G, TableName.of("gone"), target)) {
            GraphWriteResult removed = sink.write(G, target, new GraphWrite(staging.none(target), staging.none(target),
                    removals, false, false, false, Optional.empty()));
            assertThat(removed.deleted()).isEqualTo(3);
        }
        long count = sink.databases().write(G, c -> c.queryLong("MATCH ()-[r:links]->() RETURN count(*)"));
        assertThat(count).isEqualTo(127);
        assertThat(weights()).isEqualTo(before - 2 - 3 - 1002 - 2050 - 1 - 2 - 3 - 4 - 4 - 5 - 1003);
    }

    private static String rows(String values) {
        return "SELECT src::BIGINT AS src, dst::BIGINT AS dst, weight::BIGINT AS weight FROM (VALUES " + values
                + ") t(src, dst, weight)";
    }

    private boolean pays(String select) {
        staging.stage(G, TableName.of("probe"), select);
        GraphTarget target = sink.target(G, staging.schema(G, LINKS), Optional.of(ENTITY), Optional.of(ENTITY), Optional.empty());
        try (ParquetFile file = staging.export(G, TableName.of("probe"), target)) {
            return sink.databases().write(G, c -> SourceAnchoring.pays(c, LoadPlan.forExisting(
                    GraphCatalog.find(c, "links").orElseThrow(), staging.schema(G, LINKS), Optional.of(ENTITY),
                    Optional.of(ENTITY)), file.path()));
        }
    }

    private GraphWriteResult update(String select) {
        staging.stage(G, TableName.of("changed"), select);
        GraphTarget target = sink.target(G, staging.schema(G, LINKS), Optional.of(ENTITY), Optional.of(ENTITY), Optional.empty());
        try (ParquetFile updates = staging.export(G, TableName.of("changed"), target)) {
            return sink.write(G, target, new GraphWrite(staging.none(target), updates, staging.none(target), false, false,
                    false, Optional.empty()));
        }
    }

    private long weight(long from, long to) {
        return sink.databases().write(G, c -> c.queryLong("MATCH (a:Entity)-[r:links]->(b:Entity) WHERE a.identifier = "
                + from + " AND b.identifier = " + to + " RETURN r.weight"));
    }

    private long weights() {
        return sink.databases().write(G, c -> c.queryLong("MATCH ()-[r:links]->() RETURN CAST(sum(r.weight) AS INT64)"));
    }
}
