package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.limit.QueryTimer;
import io.graphstaging.core.limit.UnstreamedAnswers;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.testing.InMemoryStagingStore;
import io.graphstaging.core.testing.RowsFileStager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What RunQuery decides: chunk sizes, the bounds of a whole answer, the time limit. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunQueryTest {
    private static final SqlQuery ALL = new SqlQuery("SELECT * FROM entities", List.of());

    @TempDir
    Path dir;
    private InMemoryStagingStore store;
    private QueryTimer timer;
    private final GraphId graph = GraphId.of("g1");

    @BeforeEach
    void stage() {
        store = new InMemoryStagingStore(dir.resolve("exports"));
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 2500; i++) {
            rows.add(List.of(i, "name " + i));
        }
        new RowsFileStager(store, dir.resolve("spool")).stage(graph, TableName.of("entities"),
                List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR")), rows);
        timer = new QueryTimer(Duration.ofMinutes(1));
    }

    @AfterEach
    void stopTimer() {
        timer.close();
    }

    private RunQuery runQuery(QueryLimits limits) {
        return new RunQuery(store, timer, new UnstreamedAnswers(limits));
    }

    private static QueryLimits limits(int rows, long bytes) {
        return new QueryLimits(Duration.ofMinutes(1), rows, ByteSize.ofBytes(bytes), ByteSize.ofMebibytes(64), 2);
    }

    @Test
    void aWholeAnswerWithinTheLimitsHasEveryRow() {
        QueryResult result = runQuery(limits(2500, 1 << 20)).all(graph, ALL, new Cancellation());

        assertThat(result.rows()).hasSize(2500);
        assertThat(result.columns()).extracting(Column::name).containsExactly("identifier", "name");
    }

    @Test
    void aWholeAnswerPastItsRowsOrBytesIsRefusedAndSaysToStream() {
        for (QueryLimits tight : List.of(limits(2499, 1 << 20), limits(100_000, 10_000))) {
            Throwable thrown = catchThrowable(() -> runQuery(tight).all(graph, ALL, new Cancellation()));
            assertThat(thrown).isInstanceOfSatisfying(StagingException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
                assertThat(e.getMessage()).contains("graph g1", "stream");
            });
        }
        assertThat(store.hasActiveConnections(graph)).isFalse();
    }

    @Test
    void theChunkSizeOfAStreamIsChecked() {
        RunQuery run = runQuery(QueryLimits.defaults(1 << 30, 2));
        for (int bad : List.of(RunQuery.MIN_CHUNK_SIZE - 1, RunQuery.MAX_CHUNK_SIZE + 1)) {
            Throwable thrown = catchThrowable(() -> run.stream(graph, ALL, bad, new Cancellation(), chunk -> { }));
            assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
        }
        List<QueryChunk> chunks = new ArrayList<>();
        run.stream(graph, ALL, RunQuery.MAX_CHUNK_SIZE, new Cancellation(), chunks::add);
        assertThat(chunks).singleElement().satisfies(c -> {
            assertThat(c.rows()).hasSize(2500);
            assertThat(c.last()).isTrue();
        });
    }

    @Test
    void aStreamPastTheTimeLimitEndsWithQueryTimeout() {
        timer.close();
        timer = new QueryTimer(Duration.ofMillis(200));
        RunQuery run = runQuery(QueryLimits.defaults(1 << 30, 2));
        List<QueryChunk> chunks = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> run.stream(graph, ALL, RunQuery.MIN_CHUNK_SIZE, new Cancellation(), chunk -> {
            chunks.add(chunk);
            sleep(50);
        }));

        assertThat(thrown).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
            assertThat(e.getMessage()).contains("graph g1", "STAGING_QUERY_TIMEOUT_SECONDS");
        });
        assertThat(chunks.size()).isBetween(1, 20);
    }

    @Test
    void aQueryThatEndsInTimeLeavesItsCancellationUntouched() throws Exception {
        timer.close();
        timer = new QueryTimer(Duration.ofMillis(100));
        Cancellation cancellation = new Cancellation();

        runQuery(QueryLimits.defaults(1 << 30, 2)).all(graph, ALL, cancellation);
        Thread.sleep(300);

        assertThat(cancellation.isCancelled()).isFalse();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
