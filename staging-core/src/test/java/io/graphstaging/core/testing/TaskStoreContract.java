package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskError;
import io.graphstaging.core.task.TaskId;
import io.graphstaging.core.task.TaskLease;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.task.TaskQuery;
import io.graphstaging.core.task.TaskStatus;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.core.task.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link TaskStore} contract, run against every implementation. Each test works with its own
 * graph and owners, so implementations may share one store across tests (tests run one at a time).
 */
public abstract class TaskStoreContract {
    protected static final Duration LEASE = Duration.ofSeconds(30);
    private static final int NO_LIMIT = 1000;

    /** The store under test. */
    protected abstract TaskStore store();

    /** Moves the store's clock forward by {@code by}. */
    protected abstract void advanceClock(Duration by);

    private GraphId graph;
    private TaskLease mine;
    private TaskLease theirs;

    @BeforeEach
    void freshGraphAndOwners() {
        String run = UUID.randomUUID().toString();
        graph = GraphId.of("g-" + run);
        mine = new TaskLease(TaskOwner.of("one-" + run), LEASE);
        theirs = new TaskLease(TaskOwner.of("two-" + run), LEASE);
    }

    private Task create(TaskLease lease) {
        return store().create(NewTask.onTable(TaskType.REFRESH, graph, TableName.of("entities"),
                "{\"table_name\":\"entities\"}"), lease, NO_LIMIT);
    }

    private Task pending() {
        return create(mine);
    }

    private Task running() {
        return store().start(pending().id(), mine).orElseThrow();
    }

    private Task stored(Task task) {
        return store().find(task.id()).orElseThrow();
    }

    private List<TaskId> ids(List<Task> tasks) {
        return tasks.stream().map(Task::id).toList();
    }

    private static Consumer<StagingException> code(ErrorCode expected) {
        return e -> assertThat(e.code()).isEqualTo(expected);
    }

    @Test
    void aNewTaskIsPendingUnderItsCreatorsLeaseAndKeepsItsRequestVerbatim() {
        String request = "{ \"table_name\": \"entities\", \"files\": [\"s3://b/ä ü.parquet\"], \"quote\": \"\\\"\" }";
        Task task = store().create(NewTask.onTable(TaskType.CREATE, graph, TableName.of("entities"), request), mine,
                NO_LIMIT);

        assertThat(task.id().value()).startsWith("task_");
        assertThat(task.type()).isEqualTo(TaskType.CREATE);
        assertThat(task.graph()).isEqualTo(graph);
        assertThat(task.table()).contains(TableName.of("entities"));
        assertThat(task.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(task.request()).isEqualTo(request);
        assertThat(task.startedAt()).isEmpty();
        assertThat(task.completedAt()).isEmpty();
        assertThat(task.progress()).isEmpty();
        assertThat(task.progressPercent()).isZero();
        assertThat(task.result()).isEmpty();
        assertThat(task.error()).isEmpty();
        assertThat(task.owner()).isEqualTo(mine.owner());
        assertThat(task.leaseExpiresAt()).isEqualTo(task.createdAt().plus(LEASE));
        assertThat(task.cancelRequested()).isFalse();
        assertThat(store().find(task.id())).contains(task);
    }

    @Test
    void aGraphWideTaskNamesNoTable() {
        Task task = store().create(NewTask.onGraph(TaskType.MATERIALIZE_GRAPH, graph, "{}"), mine, NO_LIMIT);

        assertThat(stored(task).table()).isEmpty();
        assertThat(stored(task).type()).isEqualTo(TaskType.MATERIALIZE_GRAPH);
    }

    @Test
    void startingRunsAPendingTaskOnceUnderTheStartersLease() {
        Task task = pending();
        advanceClock(Duration.ofSeconds(5));

        Task started = store().start(task.id(), theirs).orElseThrow();

        assertThat(started.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(started.owner()).isEqualTo(theirs.owner());
        assertThat(started.startedAt()).hasValueSatisfying(
                at -> assertThat(at).isAfterOrEqualTo(stored(task).createdAt().plusSeconds(5)));
        assertThat(started.leaseExpiresAt()).isEqualTo(started.startedAt().orElseThrow().plus(LEASE));
        assertThat(store().start(task.id(), mine)).isEmpty();
        assertThat(store().start(task.id(), theirs)).isEmpty();
        assertThat(stored(task)).isEqualTo(started);
    }

    @Test
    void theOwnerRecordsProgressThenTheResult() {
        Task task = running();

        Task progressed = store().reportProgress(task.id(), mine.owner(),
                TaskProgress.of("fetching", 8, 20, ProgressUnit.OBJECTS)).orElseThrow();
        assertThat(progressed.progress()).contains(TaskProgress.of("fetching", 8, 20, ProgressUnit.OBJECTS));
        assertThat(progressed.progressPercent()).isEqualTo(40);
        TaskProgress listing = new TaskProgress("listing", 3, OptionalLong.empty(), ProgressUnit.OBJECTS);
        assertThat(store().reportProgress(task.id(), mine.owner(), listing).orElseThrow().progress()).contains(listing);

        String result = "{\"rows\": 12, \"files\": [\"a\"]}";
        Task completed = store().complete(task.id(), mine.owner(), result).orElseThrow();

        assertThat(completed.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(completed.result()).contains(result);
        assertThat(completed.completedAt()).isPresent();
        assertThat(completed.progressPercent()).isEqualTo(100);
        assertThat(completed.error()).isEmpty();
        assertThat(stored(task)).isEqualTo(completed);
    }

    @Test
    void aFailedTaskKeepsItsError() {
        Task task = running();
        TaskError error = new TaskError(ErrorCode.SCHEMA_MISMATCH, "File b.parquet has no column 'id'");

        Task failed = store().fail(task.id(), mine.owner(), error).orElseThrow();

        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error()).contains(error);
        assertThat(failed.result()).isEmpty();
        assertThat(failed.completedAt()).isPresent();
        assertThat(stored(task)).isEqualTo(failed);
    }

    @Test
    void anEndedTaskNeverChangesAgain() {
        Task task = running();
        Task completed = store().complete(task.id(), mine.owner(), "{}").orElseThrow();

        assertThat(store().reportProgress(task.id(), mine.owner(), TaskProgress.of("loading", 1, 1, ProgressUnit.ROWS)))
                .isEmpty();
        assertThat(store().complete(task.id(), mine.owner(), "{\"again\": true}")).isEmpty();
        assertThat(store().fail(task.id(), mine.owner(), new TaskError(ErrorCode.INTERNAL, "late"))).isEmpty();
        assertThat(store().cancel(task.id(), mine.owner())).isEmpty();
        assertThat(store().requestCancel(task.id())).isEqualTo(completed);
        assertThat(store().start(task.id(), mine)).isEmpty();
        assertThat(stored(task)).isEqualTo(completed);
    }

    @Test
    void onlyTheOwnerHoldingTheLeaseWrites() {
        Task task = running();
        TaskOwner stranger = theirs.owner();

        assertThat(store().reportProgress(task.id(), stranger, TaskProgress.of("staging", 1, 2, ProgressUnit.ROWS)))
                .isEmpty();
        assertThat(store().complete(task.id(), stranger, "{}")).isEmpty();
        assertThat(store().fail(task.id(), stranger, new TaskError(ErrorCode.INTERNAL, "not mine"))).isEmpty();
        assertThat(store().cancel(task.id(), stranger)).isEmpty();
        assertThat(store().renewLeases(theirs)).isEmpty();
        assertThat(stored(task)).isEqualTo(task);
    }

    @Test
    void aLeaseEndsOnTheStoresClockAndALateWriteChangesNothing() {
        Task task = running();
        advanceClock(LEASE.minusSeconds(1));
        assertThat(store().reportProgress(task.id(), mine.owner(), TaskProgress.of("staging", 1, 4, ProgressUnit.ROWS)))
                .isPresent();

        advanceClock(Duration.ofSeconds(1));

        // The lease ran out: the owner lost the task even before anyone expired it.
        assertThat(store().complete(task.id(), mine.owner(), "{}")).isEmpty();
        assertThat(store().renewLeases(mine)).extracting(Task::id).doesNotContain(task.id());
        assertThat(stored(task).status()).isEqualTo(TaskStatus.RUNNING);

        List<Task> expired = store().expireLeases();

        Task failed = stored(task);
        assertThat(expired).contains(failed);
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERRUPTED));
        assertThat(failed.completedAt()).isPresent();
        assertThat(failed.progress()).contains(TaskProgress.of("staging", 1, 4, ProgressUnit.ROWS));
        assertThat(store().complete(task.id(), mine.owner(), "{}")).isEmpty();
        assertThat(store().cancel(task.id(), mine.owner())).isEmpty();
        assertThat(stored(task)).isEqualTo(failed);
        assertThat(store().expireLeases()).extracting(Task::id).doesNotContain(task.id());
    }

    @Test
    void expiringFailsTheTasksOfAnOwnerThatStoppedRenewingOnly() {
        Task queued = pending();
        Task mineRunning = running();
        Task theirsRunning = store().start(create(theirs).id(), theirs).orElseThrow();

        List<Task> renewed = List.of();
        for (int i = 0; i < 3; i++) {
            advanceClock(Duration.ofSeconds(20));
            renewed = store().renewLeases(mine);
            assertThat(ids(renewed)).containsExactly(queued.id(), mineRunning.id());
            store().expireLeases();
        }

        assertThat(stored(queued)).isEqualTo(renewed.get(0));
        assertThat(stored(mineRunning)).isEqualTo(renewed.get(1));
        assertThat(renewed.get(1).status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(renewed.get(1).leaseExpiresAt()).isAfter(stored(theirsRunning).completedAt().orElseThrow());
        assertThat(stored(theirsRunning).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(stored(theirsRunning).error()).contains(TaskError.interrupted());
        assertThat(store().start(queued.id(), mine)).isPresent();
    }

    @Test
    void aPendingTaskWhoseLeaseRanOutNeverStarts() {
        Task task = pending();
        advanceClock(LEASE);

        assertThat(store().start(task.id(), mine)).isEmpty();
        assertThat(store().expireLeases()).extracting(Task::id).contains(task.id());
        assertThat(stored(task).status()).isEqualTo(TaskStatus.FAILED);
        assertThat(stored(task).startedAt()).isEmpty();
    }

    @Test
    void cancellingAPendingTaskCancelsItAtOnce() {
        Task task = pending();

        Task cancelled = store().requestCancel(task.id());

        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.cancelRequested()).isTrue();
        assertThat(cancelled.completedAt()).isPresent();
        assertThat(cancelled.startedAt()).isEmpty();
        assertThat(store().start(task.id(), mine)).isEmpty();
        assertThat(store().renewLeases(mine)).isEmpty();
        assertThat(store().countQueued(graph)).isZero();
        assertThat(store().requestCancel(task.id())).isEqualTo(cancelled);
        assertThat(stored(task)).isEqualTo(cancelled);
    }

    @Test
    void cancellingARunningTaskAsksItsOwnerToStop() {
        Task task = running();

        Task requested = store().requestCancel(task.id());

        assertThat(requested.status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(requested.cancelRequested()).isTrue();
        assertThat(store().renewLeases(mine)).singleElement().satisfies(t -> assertThat(t.cancelRequested()).isTrue());
        assertThat(store().reportProgress(task.id(), mine.owner(), TaskProgress.of("staging", 2, 4, ProgressUnit.ROWS)))
                .hasValueSatisfying(t -> assertThat(t.cancelRequested()).isTrue());

        Task cancelled = store().cancel(task.id(), mine.owner()).orElseThrow();

        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(cancelled.completedAt()).isPresent();
        assertThat(stored(task)).isEqualTo(cancelled);
    }

    @Test
    void anIdThatNamesNoTaskIsNotFound() {
        TaskId unknown = TaskId.of("task_zzzzzzzzzzzzzzzzzzzzzzzzzz");
        assertThat(store().find(unknown)).isEmpty();

        List<ThrowingCallable> calls = List.of(
                () -> store().start(unknown, mine),
                () -> store().reportProgress(unknown, mine.owner(), TaskProgress.of("staging", 0, 1, ProgressUnit.ROWS)),
                () -> store().complete(unknown, mine.owner(), "{}"),
                () -> store().fail(unknown, mine.owner(), new TaskError(ErrorCode.INTERNAL, "x")),
                () -> store().cancel(unknown, mine.owner()),
                () -> store().requestCancel(unknown));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOfSatisfying(StagingException.class, code(ErrorCode.TASK_NOT_FOUND))
                    .hasMessageContaining(unknown.value());
        }
    }

    @Test
    void listsNewestFirstByStatusAndGraph() {
        GraphId otherGraph = GraphId.of("other-" + graph);
        Task first = pending();
        advanceClock(Duration.ofSeconds(1));
        Task second = running();
        advanceClock(Duration.ofSeconds(1));
        Task third = pending();
        advanceClock(Duration.ofSeconds(1));
        Task elsewhere = store().create(NewTask.onGraph(TaskType.MATERIALIZE_GRAPH, otherGraph, "{}"), mine, NO_LIMIT);

        assertThat(ids(store().list(TaskQuery.newest(NO_LIMIT).withGraph(graph))))
                .containsExactly(third.id(), second.id(), first.id());
        assertThat(ids(store().list(TaskQuery.newest(2).withGraph(graph)))).containsExactly(third.id(), second.id());
        assertThat(ids(store().list(TaskQuery.newest(NO_LIMIT).withGraph(graph).withStatus(TaskStatus.RUNNING))))
                .containsExactly(second.id());
        assertThat(ids(store().list(TaskQuery.newest(NO_LIMIT).withGraph(graph).withStatus(TaskStatus.PENDING))))
                .containsExactly(third.id(), first.id());
        assertThat(ids(store().list(TaskQuery.newest(NO_LIMIT).withGraph(otherGraph)))).containsExactly(elsewhere.id());
        assertThat(ids(store().list(TaskQuery.newest(3)))).containsExactly(elsewhere.id(), third.id(), second.id());
        assertThat(store().list(TaskQuery.newest(NO_LIMIT).withGraph(graph).withStatus(TaskStatus.COMPLETED))).isEmpty();
        assertThat(store().list(TaskQuery.newest(NO_LIMIT).withGraph(graph))).contains(stored(second));
    }

    @Test
    void countsTheTasksWaitingInAGraphsQueue() {
        pending();
        running();
        store().requestCancel(pending().id());
        store().create(NewTask.onGraph(TaskType.MATERIALIZE_GRAPH, GraphId.of("other-" + graph), "{}"), mine, NO_LIMIT);

        assertThat(store().countQueued(graph)).isEqualTo(1);

        advanceClock(LEASE);
        assertThat(store().countQueued(graph)).isZero();
    }

    @Test
    void aFullQueueRefusesNewTasks() {
        NewTask refresh = NewTask.onTable(TaskType.REFRESH, graph, TableName.of("entities"), "{}");
        Task first = store().create(refresh, mine, 2);
        store().create(refresh, mine, 2);

        assertThatThrownBy(() -> store().create(refresh, mine, 2))
                .isInstanceOfSatisfying(StagingException.class, code(ErrorCode.TASK_QUEUE_FULL))
                .hasMessageContaining(graph.value()).hasMessageContaining("2 queued tasks");

        store().start(first.id(), mine).orElseThrow();
        Task third = store().create(refresh, mine, 2);
        assertThat(third.status()).isEqualTo(TaskStatus.PENDING);
        assertThat(store().countQueued(graph)).isEqualTo(2);
    }

    @Test
    void concurrentCreatesAllGetTheirOwnIdAndNeverExceedTheLimit() throws Exception {
        List<Task> created = concurrently(64, () -> create(mine));

        assertThat(new HashSet<>(ids(created))).hasSize(64);
        assertThat(store().list(TaskQuery.newest(NO_LIMIT).withGraph(graph))).hasSize(64);
        assertThat(store().countQueued(graph)).isEqualTo(64);

        GraphId bounded = GraphId.of("bounded-" + graph);
        NewTask refresh = NewTask.onTable(TaskType.REFRESH, bounded, TableName.of("entities"), "{}");
        List<StagingException> refused = new ArrayList<>();
        List<Task> admitted = new ArrayList<>();
        for (Optional<Task> outcome : concurrently(32, () -> {
            try {
                return Optional.of(store().create(refresh, mine, 10));
            } catch (StagingException e) {
                synchronized (refused) {
                    refused.add(e);
                }
                return Optional.<Task>empty();
            }
        })) {
            outcome.ifPresent(admitted::add);
        }
        assertThat(admitted).hasSize(10);
        assertThat(refused).hasSize(22).allSatisfy(e -> assertThat(e.code()).isEqualTo(ErrorCode.TASK_QUEUE_FULL));
        assertThat(store().countQueued(bounded)).isEqualTo(10);
    }

    /** Runs {@code call} {@code times} times on 8 threads, released together; the results in order. */
    private static <T> List<T> concurrently(int times, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    throw new AssertionError("a concurrent call failed", e.getCause());
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
