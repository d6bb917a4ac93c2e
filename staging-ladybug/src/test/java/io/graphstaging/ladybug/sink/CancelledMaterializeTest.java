package io.graphstaging.ladybug.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.testing.DelayedCancel;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.testing.DuckDbExportFixture;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A materialize whose caller cancels it while the engine copies: stopped, the graph as before. */
class CancelledMaterializeTest {
    private static final String REASON = "Task task_1 was cancelled";
    private static final GraphId G = GraphId.of("g1");
    private static final TableName ENTITY = TableName.of("Entity");
    private static final MaterializeOptions OPTIONS = new MaterializeOptions(false, Set.of(), Optional.empty(),
            Optional.empty());
    private static final int ROWS = 1_000_000;

    @TempDir
    Path tmp;
    private DuckDbExportFixture staging;
    private LadybugGraphSink sink;

    @BeforeEach
    void setUp() {
        staging = new DuckDbExportFixture(tmp.resolve("duck"));
        sink = new LadybugGraphSink(LadybugConfig.defaults(tmp.resolve("graphs")).withBufferPoolBytes(256L << 20)
                .withMaxThreads(2), MemoryBudget.unlimited());
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
        staging.close();
    }

    private void stage(int from, int to) {
        staging.stage(G, ENTITY, "SELECT i::BIGINT AS identifier, 'name-' || i AS name, (i * 0.5)::DOUBLE AS score "
                + "FROM range(" + from + ", " + to + ") t(i)");
    }

    private long graphRows() {
        return sink.tables(G).stream().filter(t -> t.tableName().equals("Entity")).mapToLong(GraphTableStats::rowCount)
                .findFirst().orElse(-1);
    }

    @Test
    void aCopyIntoAnExistingTableCancelledMidwayLeavesTheGraphAsBeforeAndTheNextCopyWorks() {
        stage(0, 1000);
        TableSchema small = staging.describeTable(G, ENTITY).orElseThrow();
        sink.materialize(G, small, staging, OPTIONS);
        stage(1000, 1000 + ROWS);
        TableSchema big = staging.describeTable(G, ENTITY).orElseThrow();

        Throwable thrown = catchThrowable(() -> sink.materialize(G, big, staging, OPTIONS, DelayedCancel.after(300, REASON),
                ProgressListener.NONE));

        assertThat(thrown).isInstanceOf(StagingException.class).hasMessage(REASON);
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(graphRows()).as("the copy was undone").isEqualTo(1000);
        assertThat(sink.materialize(G, big, staging, OPTIONS).rowsIngested()).isEqualTo(ROWS);
        assertThat(graphRows()).isEqualTo(1000 + ROWS);
    }

    @Test
    void aNewTableCancelledMidwayIsDroppedAgain() {
        stage(0, ROWS);
        TableSchema big = staging.describeTable(G, ENTITY).orElseThrow();

        Throwable thrown = catchThrowable(() -> sink.materialize(G, big, staging, OPTIONS, DelayedCancel.after(300, REASON),
                ProgressListener.NONE));

        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(sink.tables(G)).extracting(GraphTableStats::tableName).doesNotContain("Entity");
    }
}
