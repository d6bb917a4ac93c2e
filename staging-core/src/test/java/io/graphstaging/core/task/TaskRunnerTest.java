package io.graphstaging.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.testing.InMemoryTaskStore;
import io.graphstaging.core.testing.MutableClock;
import io.graphstaging.core.usecase.TableLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The task runner over the in-memory task store and the real table queues. */
class TaskRunnerTest {
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName PEOPLE = TableName.of("people");

    private final MutableClock clock = new MutableClock();
    private final InMemoryTaskStore store = new InMemoryTaskStore(clock);
    private final TableLocks locks = new TableLocks(Duration.ofMillis(100));
    private final List<Task> ended = new CopyOnWriteArrayList<>();
    private final List<TaskRunner> runners = new ArrayList<>();

    private TaskRunner runner(String owner, TaskRunnerConfig config) {
        TaskRunner runner = new TaskRunner(store, TaskOwner.of(owner), config, ended::add);
        runners.add(runner);
        return runner;
    }

    private TaskRunner runner() {
        return runner("p1", TaskRunnerConfig.defaults().withProgressInterval(Duration.ofMillis(50)));
    }

    @AfterEach
    void close() {
        runners.forEach(TaskRunner::close);
        locks.close();
    }

    private static NewTask create() {
        return NewTask.onTable(TaskType.CREATE, GRAPH, PEOPLE, "{}");
    }

    /** Work on the people table that reports {@code phase} then waits for {@code gate}. */
    private TaskRunner.Work work(String name, CountDownLatch gate, List<String> ran) {
        return (cancellation, progress) -> locks.onTable(GRAPH, PEOPLE, cancellation, () -> {
            progress.report(TaskProgress.of("staging", 0, 1, ProgressUnit.OBJECTS));
            ran.add(name);
            try (Cancellation.Registration stop = cancellation.onCancel(gate::countDown)) {
                await(gate);
            }
            cancellation.throwIfCancelled();
            progress.report(TaskProgress.of("staging", 1, 1, ProgressUnit.OBJECTS));
            return "{\"name\":\"" + name + "\"}";
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Task awaitStatus(TaskId id, TaskStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Task task = store.find(id).orElseThrow();
            if (task.status() == status) {
                return task;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("task " + id + " never became " + status + ": " + store.find(id));
    }

    @Test
    void aTaskRunsItsWorkAndEndsCompletedWithTheResultAndItsProgress() throws Exception {
        TaskRunner runner = runner();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        Task task = runner.submit(create(), work("a", new CountDownLatch(0), ran));

        assertThat(task.status()).isIn(TaskStatus.PENDING, TaskStatus.RUNNING);
        Task done = awaitStatus(task.id(), TaskStatus.COMPLETED);
        assertThat(done.result()).contains("{\"name\":\"a\"}");
        assertThat(done.startedAt()).isPresent();
        assertThat(done.owner()).isEqualTo(TaskOwner.of("p1"));
        assertThat(ended).extracting(Task::status).containsExactly(TaskStatus.COMPLETED);
    }

    @Test
    void whileTheWorkIsInsideOneStepTheLastPositionIsWrittenAgainAndAgain() throws Exception {
        TaskRunner runner = runner();
        CountDownLatch gate = new CountDownLatch(1);
        Task task = runner.submit(create(), work("a", gate, new CopyOnWriteArrayList<>()));
        awaitStatus(task.id(), TaskStatus.RUNNING);
        int writesBefore = store.progressWrites(task.id());

        Thread.sleep(400);

        assertThat(store.progressWrites(task.id()) - writesBefore).as("repeated while nothing new came").isGreaterThan(3);
        assertThat(store.find(task.id()).orElseThrow().progress())
                .contains(TaskProgress.of("staging", 0, 1, ProgressUnit.OBJECTS));
        gate.countDown();
        awaitStatus(task.id(), TaskStatus.COMPLETED);
    }

    @Test
    void aWatcherIsToldTheTaskAsTheRunnerRecordsItStartedPositionsAndTheEnd() throws Exception {
        TaskRunner runner = runner();
        CountDownLatch gate = new CountDownLatch(1);
        List<Task> seen = new CopyOnWriteArrayList<>();
        Task task = runner.submit(create(), work("a", gate, new CopyOnWriteArrayList<>()));

        TaskWatch watch = runner.watch(task.id(), seen::add).orElseThrow();
        awaitStatus(task.id(), TaskStatus.RUNNING);
        Thread.sleep(200);
        gate.countDown();
        Task done = awaitStatus(task.id(), TaskStatus.COMPLETED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (seen.stream().noneMatch(t -> t.status() == TaskStatus.COMPLETED) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        assertThat(seen).extracting(Task::status).contains(TaskStatus.RUNNING).last().isEqualTo(TaskStatus.COMPLETED);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(done);
        assertThat(seen.stream().filter(t -> t.status() == TaskStatus.RUNNING).count())
                .as("each position written is told").isGreaterThan(1);
        watch.close();
        assertThat(runner.watch(task.id(), seen::add)).as("an ended task is no longer this runner's").isEmpty();
    }

    @Test
    void aClosedWatchIsToldNothingMore() throws Exception {
        TaskRunner runner = runner();
        CountDownLatch gate = new CountDownLatch(1);
        List<Task> seen = new CopyOnWriteArrayList<>();
        Task task = runner.submit(create(), work("a", gate, new CopyOnWriteArrayList<>()));
        runner.watch(task.id(), seen::add).orElseThrow().close();

        gate.countDown();
        awaitStatus(task.id(), TaskStatus.COMPLETED);

        assertThat(ended).extracting(Task::status).containsExactly(TaskStatus.COMPLETED);
        assertThat(seen).extracting(Task::status).doesNotContain(TaskStatus.COMPLETED);
    }

    @Test
    void aTaskThisRunnerDoesNotHoldCannotBeWatchedHere() {
        Task elsewhere = store.create(create(), new TaskLease(TaskOwner.of("p2"), Duration.ofMinutes(1)), 10);

        assertThat(runner().watch(elsewhere.id(), task -> { })).isEmpty();
    }

    @Test
    void tasksOnOneTableRunInOrderAndWaitLongerThanCallsMay() throws Exception {
        TaskRunner runner = runner();
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch first = new CountDownLatch(1);
        List<Task> tasks = new ArrayList<>();
        tasks.add(runner.submit(create(), work("t0", first, ran)));
        for (int i = 1; i < 10; i++) {
            tasks.add(runner.submit(create(), work("t" + i, new CountDownLatch(0), ran)));
        }
        Thread.sleep(300); // past the calls' wait of 100 ms
        assertThat(runner.unfinished()).containsEntry(TaskStatus.PENDING, 9).containsEntry(TaskStatus.RUNNING, 1);

        first.countDown();

        for (Task task : tasks) {
            awaitStatus(task.id(), TaskStatus.COMPLETED);
        }
        assertThat(ran).containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9");
    }

    @Test
    void pastTheQueueLimitTheGraphRefusesMoreTasks() throws Exception {
        TaskRunner runner = runner("p1", TaskRunnerConfig.defaults().withMaxQueuedTasks(2));
        CountDownLatch gate = new CountDownLatch(1);
        Task running = runner.submit(create(), work("a", gate, new CopyOnWriteArrayList<>()));
        awaitStatus(running.id(), TaskStatus.RUNNING);
        runner.submit(create(), work("b", gate, new CopyOnWriteArrayList<>()));
        runner.submit(create(), work("c", gate, new CopyOnWriteArrayList<>()));

        Throwable refused = catchThrowable(() -> runner.submit(create(), work("d", gate, new CopyOnWriteArrayList<>())));

        assertThat(((StagingException) refused).code()).isEqualTo(ErrorCode.TASK_QUEUE_FULL);
        assertThat(runner.submit(NewTask.onTable(TaskType.CREATE, GraphId.of("g2"), PEOPLE, "{}"),
                (cancellation, progress) -> java.util.concurrent.CompletableFuture.completedFuture("{}")))
                .as("another graph has its own queue").isNotNull();
        gate.countDown();
    }

    @Test
    void cancellingARunningTaskStopsItsWorkAndEndsItCancelled() throws Exception {
        TaskRunner runner = runner();
        List<String> ran = new CopyOnWriteArrayList<>();
        Task task = runner.submit(create(), work("a", new CountDownLatch(1), ran));
        awaitStatus(task.id(), TaskStatus.RUNNING);

        Task cancelled = runner.cancel(task.id());

        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(ended).extracting(Task::status).containsExactly(TaskStatus.CANCELLED);
    }

    @Test
    void cancellingAQueuedTaskTakesItOutOfTheQueueSoItNeverRuns() throws Exception {
        TaskRunner runner = runner();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        Task first = runner.submit(create(), work("first", gate, ran));
        Task queued = runner.submit(create(), work("queued", new CountDownLatch(0), ran));
        Task after = runner.submit(create(), work("after", new CountDownLatch(0), ran));
        awaitStatus(first.id(), TaskStatus.RUNNING);

        assertThat(runner.cancel(queued.id()).status()).isEqualTo(TaskStatus.CANCELLED);
        gate.countDown();

        awaitStatus(after.id(), TaskStatus.COMPLETED);
        assertThat(ran).containsExactly("first", "after");
    }

    @Test
    void aCancelAskedThroughTheStoreByAnotherProcessReachesTheRunningWork() throws Exception {
        TaskRunner runner = runner();
        Task task = runner.submit(create(), work("a", new CountDownLatch(1), new CopyOnWriteArrayList<>()));
        awaitStatus(task.id(), TaskStatus.RUNNING);

        store.requestCancel(task.id());

        awaitStatus(task.id(), TaskStatus.CANCELLED);
    }

    @Test
    void cancelGraphStopsEveryQueuedAndRunningTaskOfThatGraphOnly() throws Exception {
        TaskRunner runner = runner();
        Task running = runner.submit(create(), work("a", new CountDownLatch(1), new CopyOnWriteArrayList<>()));
        Task queued = runner.submit(create(), work("b", new CountDownLatch(1), new CopyOnWriteArrayList<>()));
        GraphId other = GraphId.of("g2");
        CountDownLatch otherGate = new CountDownLatch(1);
        Task elsewhere = runner.submit(NewTask.onTable(TaskType.CREATE, other, PEOPLE, "{}"),
                (cancellation, progress) -> locks.onTable(other, PEOPLE, cancellation, () -> {
                    progress.report(TaskProgress.of("staging", 0, 1, ProgressUnit.OBJECTS));
                    await(otherGate);
                    return "{}";
                }));
        awaitStatus(running.id(), TaskStatus.RUNNING);

        List<Task> cancelled = runner.cancelGraph(GRAPH);

        assertThat(cancelled).extracting(Task::id).containsExactlyInAnyOrder(running.id(), queued.id());
        assertThat(cancelled).extracting(Task::status).containsOnly(TaskStatus.CANCELLED);
        assertThat(store.find(elsewhere.id()).orElseThrow().status()).isIn(TaskStatus.PENDING, TaskStatus.RUNNING);
        otherGate.countDown();
        awaitStatus(elsewhere.id(), TaskStatus.COMPLETED);
    }

    @Test
    void aFailingWorkEndsTheTaskFailedWithItsCodeAndDetail() throws Exception {
        TaskRunner runner = runner();
        Task task = runner.submit(create(), (cancellation, progress) -> locks.onTable(GRAPH, PEOPLE, cancellation, () -> {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "File a.parquet lacks column identifier");
        }));

        Task failed = awaitStatus(task.id(), TaskStatus.FAILED);

        assertThat(failed.error()).contains(new TaskError(ErrorCode.SCHEMA_MISMATCH, "File a.parquet lacks column identifier"));
    }

    @Test
    void aNewProcessFailsTheTasksOfAProcessThatStoppedRenewingAsInterrupted() throws Exception {
        TaskRunnerConfig config = TaskRunnerConfig.defaults().withLeaseTerm(Duration.ofSeconds(3));
        TaskStore direct = store;
        Task orphan = direct.create(create(), new TaskLease(TaskOwner.of("dead"), Duration.ofSeconds(3)), 100);
        clock.advance(Duration.ofSeconds(4));

        runner("p2", config);

        Task failed = direct.find(orphan.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo(ErrorCode.INTERRUPTED);
    }

    @Test
    void closingStopsTheRunningWorkAndFailsItsTaskAsInterrupted() throws Exception {
        TaskRunner runner = runner();
        Task task = runner.submit(create(), work("a", new CountDownLatch(1), new CopyOnWriteArrayList<>()));
        awaitStatus(task.id(), TaskStatus.RUNNING);

        runner.close();

        Task failed = store.find(task.id()).orElseThrow();
        assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
        assertThat(failed.error().orElseThrow().code()).isEqualTo(ErrorCode.INTERRUPTED);
    }
}
