package io.graphstaging.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskId;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.task.TaskRunner;
import io.graphstaging.core.task.TaskRunnerConfig;
import io.graphstaging.core.task.TaskStatus;
import io.graphstaging.core.task.TaskType;
import io.graphstaging.core.testing.InMemoryGraphLeases;
import io.graphstaging.core.testing.InMemoryTaskStore;
import io.graphstaging.core.testing.MutableClock;
import io.graphstaging.core.usecase.TableLocks;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a task keeps its graph's write lease while it is queued or running, however long past
 * the keep window, and a lease lost anyway stops the graph's tasks with {@code lease_lost}
 * (the task runner over the in-memory task store and leases, the real table queues).
 */
class TasksHoldGraphLeasesTest {
    private static final Duration TERM = Duration.ofSeconds(30);
    private static final Duration KEEP = Duration.ofMinutes(5);
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName PEOPLE = TableName.of("people");

    private final MutableClock clock = new MutableClock();
    private final InMemoryGraphLeases leases = new InMemoryGraphLeases(clock);
    private final GraphOwnership node = new GraphOwnership(leases,
            new ClusterConfig(Optional.of(NodeId.of("n1")), TERM, KEEP, Set.of(), Optional.empty()), clock);
    private final GraphOwnership other = new GraphOwnership(leases,
            new ClusterConfig(Optional.of(NodeId.of("n2")), TERM, KEEP, Set.of(), Optional.empty()), clock);
    // The tasks' own leases on a clock of their own: only the graph leases' clock jumps ahead here.
    private final InMemoryTaskStore store = new InMemoryTaskStore(new MutableClock());
    private final TableLocks locks = new TableLocks(Duration.ofMillis(100));
    private final TaskRunner runner = new TaskRunner(store, TaskOwner.of("p1"),
            TaskRunnerConfig.defaults().withProgressInterval(Duration.ofMillis(50)), task -> { }, node::hold);

    @AfterEach
    void close() {
        runner.close();
        locks.close();
    }

    /** Work on the people table that starts, then waits for {@code gate} or its cancellation. */
    private TaskRunner.Work work(CountDownLatch gate) {
        return (cancellation, progress) -> locks.onTable(GRAPH, PEOPLE, cancellation, () -> {
            progress.report(TaskProgress.of("staging", 0, 1, ProgressUnit.OBJECTS));
            try (Cancellation.Registration stop = cancellation.onCancel(gate::countDown)) {
                await(gate);
            }
            cancellation.throwIfCancelled();
            return "{}";
        });
    }

    private static NewTask create() {
        return NewTask.onTable(TaskType.CREATE, GRAPH, PEOPLE, "{}");
    }

    @Test
    void aRunningAndAQueuedTaskKeepTheLeasePastTheKeepWindowAndLetItGoAWindowAfterTheLastEnds() throws Exception {
        node.claim(GRAPH);
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        Task running = runner.submit(create(), work(first));
        Task queued = runner.submit(create(), work(second));
        awaitStatus(running.id(), TaskStatus.RUNNING);

        renewFor(KEEP.multipliedBy(2));
        assertThatThrownBy(() -> other.claim(GRAPH)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_OWNED_ELSEWHERE));
        first.countDown();
        awaitStatus(running.id(), TaskStatus.COMPLETED);
        awaitStatus(queued.id(), TaskStatus.RUNNING);
        renewFor(KEEP.multipliedBy(2));
        assertThatThrownBy(() -> other.claim(GRAPH)).isInstanceOf(StagingException.class);
        second.countDown();
        awaitStatus(queued.id(), TaskStatus.COMPLETED);

        renewFor(KEEP.plus(TERM.multipliedBy(2)));
        assertThat(other.claim(GRAPH)).isPresent();
    }

    @Test
    void aLostLeaseFailsTheGraphsRunningAndQueuedTasksWithLeaseLost() throws Exception {
        node.claim(GRAPH);
        Task running = runner.submit(create(), work(new CountDownLatch(1)));
        Task queued = runner.submit(create(), work(new CountDownLatch(1)));
        awaitStatus(running.id(), TaskStatus.RUNNING);
        leases.release(GRAPH, NodeId.of("n1"));
        other.claim(GRAPH);

        node.renewHeld();

        for (TaskId id : new TaskId[] {running.id(), queued.id()}) {
            Task failed = awaitStatus(id, TaskStatus.FAILED);
            assertThat(failed.error().orElseThrow().code()).isEqualTo(ErrorCode.LEASE_LOST);
            assertThat(failed.error().orElseThrow().detail()).contains("lost the write lease of graph g1");
        }
    }

    private void renewFor(Duration span) {
        for (Duration passed = Duration.ZERO; passed.compareTo(span) < 0; passed = passed.plus(TERM.dividedBy(3))) {
            clock.advance(TERM.dividedBy(3));
            node.renewHeld();
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

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
