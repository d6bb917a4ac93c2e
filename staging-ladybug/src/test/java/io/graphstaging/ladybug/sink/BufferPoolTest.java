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
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.testing.StagedTables;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads larger than the graph's buffer pool: they are shaped to fit (fewer threads, batches) or
 * refused before anything is written, with the size they need; never a bare "buffer pool full".
 */
class BufferPoolTest {
    private static final GraphId G = GraphId.of("g");
    private static final TableName ENTITY = TableName.of("Entity");

    @TempDir
    Path tmp;
    private StagedTables staging;
    private LadybugGraphSink sink;

    @BeforeEach
    void setUp() {
        staging = new StagedTables(tmp.resolve("duck"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sink != null) {
            sink.close();
        }
        staging.close();
    }

    private void sink(long poolMiB, int threads) {
        sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(poolMiB << 20)
                .withMaxThreads(threads), MemoryBudget.unlimited());
    }

    private GraphWriteResult load() {
        return staging.load(sink, G, ENTITY);
    }

    private static String bigintColumns(int count) {
        return IntStream.range(0, count).mapToObj(c -> "(i + " + c + ")::BIGINT AS c" + c).collect(Collectors.joining(", "));
    }

    @Test
    void aThousandColumnTableIsRefusedBeforeAnythingIsWrittenWithTheSizeItNeeds() {
        sink(256, 2);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, " + bigintColumns(1000) + ", 'f' AS file_id FROM range(0, 100) t(i)");

        assertThatThrownBy(this::load)
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("Loading table Entity into graph g needs about 1039MiB of graph buffer pool")
                .hasMessageContaining("more than LBUG_BUFFER_POOL_SIZE (256MiB) gives");
        assertThat(sink.tables(G)).isEmpty();
    }

    @Test
    void wideColumnsAreCopiedWithFewerThreadsWhenAllThreadsWouldNotFit() {
        sink(64, 2);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, " + bigintColumns(30) + ", 'f' AS file_id FROM range(0, 400000) t(i)");

        assertThat(load().inserted()).isEqualTo(400_000);
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 400_000));
    }

    @Test
    void aNewTableWhoseKeysDoNotFitIsLoadedInBatches() {
        sink(32, 2);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, (i % 7)::INTEGER AS v, 'f' AS file_id FROM range(0, 1500000) t(i)");

        assertThat(load()).isEqualTo(new GraphWriteResult(1_500_000, 0, 0, 0, 0, List.of()));
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 1_500_000));
    }

    /**
     * The sink is handed only the keys new to the table (the planner's inserts); their copy
     * touches the table's index as well, 500,000 integer keys, which 16MiB cannot hold.
     */
    @Test
    void aReMaterializeWhoseKeysDoNotFitIsRefusedBeforeAnythingIsWritten() {
        sink(16, 2);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 300000) t(i)");
        load();
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(300000, 500000) t(i)");

        assertThatThrownBy(this::load)
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("Loading table Entity into graph g needs about")
                .hasMessageContaining("more than LBUG_BUFFER_POOL_SIZE (16MiB) gives; nothing was loaded");
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 300_000));
    }
}
