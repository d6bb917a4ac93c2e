package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.testing.DuckDbExportFixture;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
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
    private static final MaterializeOptions STRICT = new MaterializeOptions(false, Set.of(), Optional.empty(), Optional.empty());

    @TempDir
    Path tmp;
    private DuckDbExportFixture staging;
    private LadybugGraphSink sink;

    @BeforeEach
    void setUp() {
        staging = new DuckDbExportFixture(tmp.resolve("duck"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sink != null) {
            sink.close();
        }
        staging.close();
    }

    private LadybugGraphSink sink(long poolMiB, int threads) {
        sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(poolMiB << 20)
                .withMaxThreads(threads), MemoryBudget.unlimited());
        return sink;
    }

    private MaterializeResult materialize(MaterializeOptions options) {
        return sink.materialize(G, staging.describeTable(G, ENTITY).orElseThrow(), staging, options);
    }

    private static String bigintColumns(int count) {
        return IntStream.range(0, count).mapToObj(c -> "(i + " + c + ")::BIGINT AS c" + c).collect(Collectors.joining(", "));
    }

    @Test
    void aThousandColumnTableIsRefusedBeforeAnythingIsWrittenWithTheSizeItNeeds() {
        sink(256, 2);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, " + bigintColumns(1000) + ", 'f' AS file_id FROM range(0, 100) t(i)");

        assertThatThrownBy(() -> materialize(STRICT))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("Loading table Entity into graph g needs about 1039MiB of graph buffer pool")
                .hasMessageContaining("more than LBUG_BUFFER_POOL_SIZE (256MiB) gives");
        assertThat(sink.tables(G)).isEmpty();
        assertThat(staging.exportedFiles()).isEmpty();
    }

    @Test
    void wideColumnsAreCopiedWithFewerThreadsWhenAllThreadsWouldNotFit() {
        sink(64, 2);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, " + bigintColumns(30) + ", 'f' AS file_id FROM range(0, 400000) t(i)");

        assertThat(materialize(STRICT).rowsIngested()).isEqualTo(400_000);
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 400_000));
    }

    @Test
    void aNewTableWhoseKeysDoNotFitIsLoadedInBatches() {
        sink(32, 2);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, (i % 7)::INTEGER AS v, 'f' AS file_id FROM range(0, 1500000) t(i)");

        assertThat(materialize(STRICT)).isEqualTo(new MaterializeResult(G, ENTITY, false, 1_500_000, 0));
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 1_500_000));
    }

    @Test
    void aReMaterializeWhoseKeysDoNotFitIsRefusedBeforeAnythingIsWritten() {
        sink(16, 2);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 300000) t(i)");
        materialize(STRICT);
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'f' AS file_id FROM range(0, 400000) t(i)");

        assertThatThrownBy(() -> materialize(STRICT))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                .hasMessageContaining("Loading table Entity into graph g needs about")
                .hasMessageContaining("more than LBUG_BUFFER_POOL_SIZE (16MiB) gives; nothing was loaded");
        assertThat(sink.tables(G)).containsExactly(new GraphTableStats("Entity", GraphTableKind.NODE, 300_000));
    }
}
