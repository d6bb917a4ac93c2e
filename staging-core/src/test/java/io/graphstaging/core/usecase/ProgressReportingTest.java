package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.testing.InMemoryObjectStore;
import io.graphstaging.core.testing.InMemoryStagingStore;
import io.graphstaging.core.testing.RowsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the staging use cases report to the progress port, and how a cancellation stops them. */
class ProgressReportingTest {
    private static final List<Column> NODE = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));

    @TempDir
    Path dir;
    private InMemoryObjectStore objects;
    private InMemoryStagingStore store;
    private CreateTable create;
    private AppendFiles append;
    private final GraphId graph = GraphId.of("g1");
    private final TableName table = TableName.of("entities");
    private final List<TaskProgress> reports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void wire() {
        objects = new InMemoryObjectStore(dir.resolve("spool"));
        store = new InMemoryStagingStore(dir.resolve("exports"));
        TableLocks locks = new TableLocks(Duration.ofSeconds(5));
        create = new CreateTable(objects, store, locks);
        append = new AppendFiles(objects, store, locks);
        for (int i = 0; i < 3; i++) {
            objects.put(new ObjectUri("bucket", "e/" + i + ".rows"), RowsFile.encode(NODE, List.of(List.of((long) i, "n" + i))));
        }
    }

    private StageFilesCommand all() {
        return new StageFilesCommand(graph, table, ObjectPattern.parse("s3://bucket/e/*.rows"), Map.of());
    }

    @Test
    void createReportsListingFetchingThenStagingAndEndsWithEverythingDone() {
        create.execute(all(), new Cancellation(), reports::add);

        assertThat(reports.stream().map(TaskProgress::phase).distinct())
                .containsExactly(ProgressPhase.LISTING, ProgressPhase.FETCHING, ProgressPhase.STAGING);
        assertThat(reports.get(0)).isEqualTo(new TaskProgress(ProgressPhase.LISTING, 0, OptionalLong.empty(),
                ProgressUnit.OBJECTS));
        assertThat(reports).contains(TaskProgress.of(ProgressPhase.LISTING, 3, 3, ProgressUnit.OBJECTS));
        TaskProgress fetched = reports.stream().filter(p -> p.phase().equals(ProgressPhase.FETCHING)).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(fetched.unit()).isEqualTo(ProgressUnit.BYTES);
        assertThat(fetched.percent()).isEqualTo(100);
        assertThat(reports.get(reports.size() - 1)).isEqualTo(TaskProgress.of(ProgressPhase.STAGING, 3, 3,
                ProgressUnit.OBJECTS));
    }

    @Test
    void theOldSignaturesStillStageWithProgressSwitchedOff() {
        assertThat(create.execute(all()).summary().rowCount()).isEqualTo(3);
    }

    @Test
    void aCancellationGivenBeforeTheTurnStopsTheWorkWithItsCodeAndChangesNothing() {
        create.execute(all());
        Cancellation cancellation = new Cancellation();
        cancellation.cancel(ErrorCode.CANCELLED, "Task task_x was cancelled");
        int fetchesBefore = objects.fetchCount();

        Throwable thrown = catchThrowable(() -> append.execute(all(), cancellation, reports::add));

        assertThat(thrown).isInstanceOf(StagingException.class).hasMessage("Task task_x was cancelled");
        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(reports).isEmpty();
        assertThat(objects.fetchCount()).isEqualTo(fetchesBefore);
        assertThat(store.describeTable(graph, table)).isPresent();
    }

    @Test
    void aCancellationDuringListingStopsBeforeAnythingIsFetched() {
        Cancellation cancellation = new Cancellation();
        Throwable thrown = catchThrowable(() -> create.execute(all(), cancellation, progress -> {
            if (progress.phase().equals(ProgressPhase.LISTING)) {
                cancellation.cancel(ErrorCode.CANCELLED, "stop");
            }
        }));

        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(objects.fetchCount()).isZero();
        assertThat(store.describeTable(graph, table)).isEmpty();
    }
}
