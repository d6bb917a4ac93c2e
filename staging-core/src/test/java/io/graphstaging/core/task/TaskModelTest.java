package io.graphstaging.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.WireName;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TaskModelTest {
    private static final GraphId GRAPH = GraphId.of("g1");

    private static void invalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void enumsUseTheirLowercaseWireNames() {
        assertThat(WireName.parse(TaskType.class, "materialize_graph", "task_type")).isEqualTo(TaskType.MATERIALIZE_GRAPH);
        assertThat(TaskType.CREATE.wireName()).isEqualTo("create");
        assertThat(WireName.parse(TaskStatus.class, "cancelled", "status")).isEqualTo(TaskStatus.CANCELLED);
        assertThat(WireName.parse(ProgressUnit.class, "bytes", "progress_unit")).isEqualTo(ProgressUnit.BYTES);
        assertThatThrownBy(() -> WireName.parse(TaskStatus.class, "RUNNING", "status"))
                .hasMessageContaining("pending, running, completed, failed, cancelled");
        assertThatThrownBy(() -> WireName.parse(ProgressUnit.class, "files", "progress_unit"))
                .hasMessageContaining("objects, bytes, rows, tables");
    }

    @Test
    void onlyPendingAndRunningTasksAreUnfinished() {
        assertThat(TaskStatus.values()).filteredOn(s -> !s.finished())
                .containsExactly(TaskStatus.PENDING, TaskStatus.RUNNING);
    }

    @Test
    void taskIdsHaveTheStoresForm() {
        assertThat(TaskId.of("task_01hx0000000000000000000000").value()).hasSize(31);
        invalid(() -> TaskId.of("task_1"), "task_ followed by 26");
        invalid(() -> TaskId.of("TASK_01HX0000000000000000000000"), "task_ followed by 26");
        invalid(() -> TaskId.of("task_01hx000000000000000000000/"), "task_ followed by 26");
        assertThat(TaskId.of("task_01hx0000000000000000000000").notFound().code()).isEqualTo(ErrorCode.TASK_NOT_FOUND);
    }

    @Test
    void aTableTaskNamesItsTableAndAGraphTaskNone() {
        assertThat(NewTask.onTable(TaskType.APPEND, GRAPH, TableName.of("t"), "{}").table()).contains(TableName.of("t"));
        assertThat(NewTask.onGraph(TaskType.MATERIALIZE_GRAPH, GRAPH, "{}").table()).isEmpty();
        invalid(() -> NewTask.onGraph(TaskType.REFRESH, GRAPH, "{}"), "refresh task names its table");
        invalid(() -> NewTask.onTable(TaskType.MATERIALIZE_GRAPH, GRAPH, TableName.of("t"), "{}"),
                "works on the whole graph");
        invalid(() -> NewTask.onTable(TaskType.CREATE, GRAPH, TableName.of("t"), " "), "request");
    }

    @Test
    void progressIsAPercentOfAKnownTotal() {
        assertThat(TaskProgress.of("fetching", 8, 20, ProgressUnit.OBJECTS).percent()).isEqualTo(40);
        assertThat(TaskProgress.of("fetching", 0, 0, ProgressUnit.OBJECTS).percent()).isZero();
        assertThat(TaskProgress.of("fetching", 30, 20, ProgressUnit.BYTES).percent()).isEqualTo(100);
        assertThat(new TaskProgress("listing", 5, OptionalLong.empty(), ProgressUnit.OBJECTS).percent()).isZero();
        invalid(() -> TaskProgress.of("Fetching", 1, 2, ProgressUnit.ROWS), "phase");
        invalid(() -> TaskProgress.of("loading", -1, 2, ProgressUnit.ROWS), "never negative");
        invalid(() -> TaskProgress.of("loading", 1, -2, ProgressUnit.ROWS), "never negative");
    }

    @Test
    void aCompletedTaskIsAtAHundredPercent() {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Optional<TaskProgress> half = Optional.of(TaskProgress.of("loading", 1, 2, ProgressUnit.ROWS));
        Task running = new Task(TaskId.of("task_00000000000000000000000001"), TaskType.MATERIALIZE, GRAPH,
                Optional.of(TableName.of("t")), TaskStatus.RUNNING, now, Optional.of(now), Optional.empty(), half, "{}",
                Optional.empty(), Optional.empty(), TaskOwner.of("p1"), now.plusSeconds(30), false);
        Task completed = new Task(running.id(), running.type(), GRAPH, running.table(), TaskStatus.COMPLETED, now,
                running.startedAt(), Optional.of(now), half, "{}", Optional.of("{}"), Optional.empty(),
                running.owner(), running.leaseExpiresAt(), false);

        assertThat(running.progressPercent()).isEqualTo(50);
        assertThat(completed.progressPercent()).isEqualTo(100);
    }

    @Test
    void queriesListOneToAThousandTasks() {
        TaskQuery query = TaskQuery.newest(10).withStatus(TaskStatus.RUNNING).withGraph(GRAPH);
        assertThat(query).isEqualTo(new TaskQuery(Optional.of(TaskStatus.RUNNING), Optional.of(GRAPH), 10));
        invalid(() -> TaskQuery.newest(0), "1 to 1000");
        invalid(() -> TaskQuery.newest(1001), "1 to 1000");
    }

    @Test
    void ownersAndLeasesAreChecked() {
        invalid(() -> TaskOwner.of("host 1"), "task owner");
        invalid(() -> new TaskLease(TaskOwner.of("host-1"), Duration.ofMillis(999)), "at least a second");
        assertThat(TaskError.interrupted().code()).isEqualTo(ErrorCode.INTERRUPTED);
        assertThat(TaskError.of(new StagingException(ErrorCode.TABLE_BUSY, "busy")))
                .isEqualTo(new TaskError(ErrorCode.TABLE_BUSY, "busy"));
    }
}
