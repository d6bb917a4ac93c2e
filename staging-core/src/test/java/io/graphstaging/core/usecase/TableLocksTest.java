package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TableLocksTest {
    private static final GraphId GRAPH = GraphId.of("g1");
    private static final TableName PEOPLE = TableName.of("people");

    private final TableLocks locks = new TableLocks(Duration.ofSeconds(30), 32);
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        locks.close();
    }

    /** Work that records its name, then waits for {@code gate}. */
    private Supplier<String> work(String name, CountDownLatch gate) {
        return () -> {
            ran.add(name);
            await(gate);
            return name;
        };
    }

    private Supplier<String> work(String name) {
        return work(name, new CountDownLatch(0));
    }

    /** Runs {@code first} on a thread of its own and returns once it is running. */
    private CompletableFuture<String> holding(Supplier<CompletableFuture<String>> first) throws InterruptedException {
        CompletableFuture<CompletableFuture<String>> submitted = CompletableFuture.supplyAsync(first);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ran).as("the first work is running").isNotEmpty();
        return submitted.thenCompose(f -> f);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static ErrorCode code(CompletableFuture<?> future) {
        return ((StagingException) catchThrowable(() -> TableLocks.join(future))).code();
    }

    @Test
    void workRunsOnTheLocksOwnThreadsNeverTheCallers() throws Exception {
        CompletableFuture<String> done = locks.onTable(GRAPH, PEOPLE, () -> Thread.currentThread().getName());

        assertThat(done.get(10, TimeUnit.SECONDS)).startsWith("table-work-").isNotEqualTo(Thread.currentThread().getName());
        assertThat(locks.activeGraphs()).isZero();
    }

    @Test
    void callsOnOneTableRunOneAtATimeInArrivalOrder() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = holding(() -> locks.onTable(GRAPH, PEOPLE, work("first", release)));
        List<CompletableFuture<String>> next = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            next.add(locks.onTable(GRAPH, PEOPLE, work("call " + i)));
        }
        assertThat(locks.waitingCalls(GRAPH)).isEqualTo(10);
        assertThat(ran).containsExactly("first");

        release.countDown();
        CompletableFuture.allOf(next.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(first.get()).isEqualTo("first");
        List<String> expected = new ArrayList<>(List.of("first"));
        for (int i = 0; i < 10; i++) {
            expected.add("call " + i);
        }
        assertThat(ran).containsExactlyElementsOf(expected);
        assertThat(locks.waitingCalls(GRAPH)).isZero();
    }

    @Test
    void tableNamesDifferingInCaseShareOneQueue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holding(() -> locks.onTable(GRAPH, TableName.of("Race"), work("Race", release)));

        CompletableFuture<String> lower = locks.onTable(GRAPH, TableName.of("race"), work("race"));

        assertThat(lower).isNotDone();
        assertThat(locks.waitingCalls(GRAPH)).isEqualTo(1);
        release.countDown();
        assertThat(lower.get(10, TimeUnit.SECONDS)).isEqualTo("race");
        assertThat(ran).containsExactly("Race", "race");
    }

    @Test
    void otherTablesAndOtherGraphsDoNotWait() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holding(() -> locks.onTable(GRAPH, PEOPLE, work("people", release)));

        assertThat(locks.onTable(GRAPH, TableName.of("links"), work("links")).get(10, TimeUnit.SECONDS)).isEqualTo("links");
        assertThat(locks.onTable(GraphId.of("g2"), PEOPLE, work("g2 people")).get(10, TimeUnit.SECONDS)).isEqualTo("g2 people");
        release.countDown();
    }

    @Test
    void aGraphOperationWaitsForEarlierWorkAndHoldsTheGraph() throws Exception {
        CountDownLatch releasePeople = new CountDownLatch(1);
        CountDownLatch releaseGraph = new CountDownLatch(1);
        holding(() -> locks.onTable(GRAPH, PEOPLE, work("people", releasePeople)));

        CompletableFuture<String> wholeGraph = locks.onGraph(GRAPH, work("graph", releaseGraph));
        CompletableFuture<String> links = locks.onTable(GRAPH, TableName.of("links"), work("links"));

        assertThat(wholeGraph).isNotDone();
        assertThat(links).as("queued after the graph operation: waits for it").isNotDone();
        releasePeople.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ran.contains("graph") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(ran).containsExactly("people", "graph");
        assertThat(links).isNotDone();
        releaseGraph.countDown();
        assertThat(links.get(10, TimeUnit.SECONDS)).isEqualTo("links");
        assertThat(ran).containsExactly("people", "graph", "links");
    }

    @Test
    void aCallThatWaitsPastTheLimitIsBusyAndLeavesTheQueue() throws Exception {
        TableLocks shortWait = new TableLocks(Duration.ofMillis(200), 32);
        try {
            CountDownLatch release = new CountDownLatch(1);
            holding(() -> shortWait.onTable(GRAPH, PEOPLE, work("first", release)));

            CompletableFuture<String> late = shortWait.onTable(GRAPH, PEOPLE, work("late"));

            assertThat(code(late)).isEqualTo(ErrorCode.TABLE_BUSY);
            assertThat(catchThrowable(() -> TableLocks.join(late))).hasMessageContaining("people").hasMessageContaining("g1");
            assertThat(shortWait.waitingCalls(GRAPH)).isZero();
            release.countDown();
            assertThat(ran).doesNotContain("late");
        } finally {
            shortWait.close();
        }
    }

    @Test
    void withNoWaitABusyTableIsRefusedAtOnce() throws Exception {
        TableLocks noWait = new TableLocks(Duration.ZERO, 32);
        try {
            CountDownLatch release = new CountDownLatch(1);
            holding(() -> noWait.onTable(GRAPH, PEOPLE, work("first", release)));

            assertThat(code(noWait.onTable(GRAPH, TableName.of("PEOPLE"), work("second")))).isEqualTo(ErrorCode.TABLE_BUSY);
            release.countDown();
        } finally {
            noWait.close();
        }
    }

    @Test
    void pastTheCapOnWaitingCallsTheNextIsRefusedAtOnce() throws Exception {
        TableLocks capped = new TableLocks(Duration.ofSeconds(30), 2);
        try {
            CountDownLatch release = new CountDownLatch(1);
            holding(() -> capped.onTable(GRAPH, PEOPLE, work("first", release)));
            CompletableFuture<String> second = capped.onTable(GRAPH, PEOPLE, work("second"));
            CompletableFuture<String> third = capped.onTable(GRAPH, PEOPLE, work("third"));

            CompletableFuture<String> refused = capped.onTable(GRAPH, PEOPLE, work("refused"));

            assertThat(refused).isCompletedExceptionally();
            assertThat(code(refused)).isEqualTo(ErrorCode.TOO_MANY_WAITING_CALLS);
            assertThat(catchThrowable(() -> TableLocks.join(refused))).hasMessageContaining("STAGING_MAX_WAITING_CALLS");
            assertThat(capped.onTable(GRAPH, TableName.of("links"), work("free table")).get(10, TimeUnit.SECONDS))
                    .as("a call that need not wait runs").isEqualTo("free table");
            assertThat(capped.onTable(GraphId.of("g2"), PEOPLE, work("other graph")).get(10, TimeUnit.SECONDS))
                    .isEqualTo("other graph");
            release.countDown();
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
            assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("third");
        } finally {
            capped.close();
        }
    }

    @Test
    void waitingCallsHoldNoThread() throws Exception {
        TableLocks many = new TableLocks(Duration.ofSeconds(30), 10_000);
        try {
            CountDownLatch release = new CountDownLatch(1);
            holding(() -> many.onTable(GRAPH, PEOPLE, work("first", release)));
            int threadsBefore = Thread.activeCount();
            List<CompletableFuture<String>> waiting = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                waiting.add(many.onTable(GRAPH, PEOPLE, () -> "done"));
            }

            assertThat(many.waitingCalls(GRAPH)).isEqualTo(1_000);
            assertThat(Thread.activeCount()).as("no thread per waiting call").isLessThan(threadsBefore + 10);
            release.countDown();
            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            many.close();
        }
    }

    @Test
    void theQueuesShrinkWhenTheWorkIsDone() {
        for (int i = 0; i < 20_000; i++) {
            TableName table = TableName.of("t" + i);
            TableLocks.join(locks.onTable(GRAPH, table, work("create")));
            TableLocks.join(locks.onTable(GraphId.of("g" + i), table, work("delete")));
        }

        assertThat(locks.activeGraphs()).isZero();
        assertThat(locks.waitingCalls(GRAPH)).isZero();
    }

    @Test
    void aCancelledCallLeavesTheQueueAndNeverRuns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holding(() -> locks.onTable(GRAPH, PEOPLE, work("first", release)));
        CompletableFuture<String> cancelled = locks.onTable(GRAPH, PEOPLE, work("cancelled"));
        CompletableFuture<String> after = locks.onTable(GRAPH, PEOPLE, work("after"));

        cancelled.cancel(false);

        assertThat(locks.waitingCalls(GRAPH)).isEqualTo(1);
        release.countDown();
        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("after");
        assertThat(ran).containsExactly("first", "after");
        assertThat(code(cancelled)).isEqualTo(ErrorCode.CANCELLED);
    }

    @Test
    void closingFailsWaitingCallsAndRefusesNewOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> running = holding(() -> locks.onTable(GRAPH, PEOPLE, work("first", release)));
        CompletableFuture<String> waiting = locks.onTable(GRAPH, PEOPLE, work("waiting"));

        locks.close();

        assertThat(code(waiting)).isEqualTo(ErrorCode.SHUTTING_DOWN);
        assertThat(code(locks.onTable(GraphId.of("g2"), PEOPLE, work("new")))).isEqualTo(ErrorCode.SHUTTING_DOWN);
        release.countDown();
        assertThat(running.get(10, TimeUnit.SECONDS)).as("running work goes on to its end").isEqualTo("first");
        assertThat(ran).containsExactly("first");
    }

    @Test
    void aCallerThatSawTheResultFindsTheTableFreeAtOnce() {
        TableLocks noWait = new TableLocks(Duration.ZERO, 32);
        try {
            for (int i = 0; i < 200; i++) {
                assertThat(TableLocks.join(noWait.onTable(GRAPH, PEOPLE, work("call " + i)))).isEqualTo("call " + i);
            }
        } finally {
            noWait.close();
        }
    }

    @Test
    void theWorksOwnFailureReachesTheCallerUnwrapped() {
        StagingException failure = new StagingException(ErrorCode.SCHEMA_MISMATCH, "bad file");

        Throwable thrown = catchThrowable(() -> TableLocks.join(locks.onTable(GRAPH, PEOPLE, () -> {
            throw failure;
        })));

        assertThat(thrown).isSameAs(failure);
        assertThat(locks.activeGraphs()).isZero();
    }

    @Test
    void cancellableWorkWaitsPastTheLimitUncountedAndKeepsItsPlaceInTheQueue() throws Exception {
        TableLocks capped = new TableLocks(Duration.ofMillis(100), 1);
        try {
            CountDownLatch release = new CountDownLatch(1);
            holding(() -> capped.onTable(GRAPH, PEOPLE, work("first", release)));
            CompletableFuture<String> task = capped.onTable(GRAPH, PEOPLE, new Cancellation(), work("task"));
            CompletableFuture<String> call = capped.onTable(GRAPH, PEOPLE, work("call"));

            assertThat(capped.waitingCalls(GRAPH)).as("only the call counts against the cap").isEqualTo(1);
            Thread.sleep(400);
            assertThat(task).as("a task outlives the calls' wait").isNotDone();
            assertThat(code(call)).isEqualTo(ErrorCode.TABLE_BUSY);
            CompletableFuture<String> later = capped.onTable(GRAPH, PEOPLE, new Cancellation(), work("later task"));
            release.countDown();

            assertThat(task.get(10, TimeUnit.SECONDS)).isEqualTo("task");
            assertThat(later.get(10, TimeUnit.SECONDS)).isEqualTo("later task");
            assertThat(ran).containsExactly("first", "task", "later task");
            assertThat(capped.activeGraphs()).isZero();
        } finally {
            capped.close();
        }
    }

    @Test
    void cancellingWaitingWorkTakesItOutWithTheCancellationsError() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        holding(() -> locks.onTable(GRAPH, PEOPLE, work("first", release)));
        Cancellation cancellation = new Cancellation();
        CompletableFuture<String> cancelled = locks.onGraph(GRAPH, cancellation, work("cancelled"));
        CompletableFuture<String> after = locks.onTable(GRAPH, PEOPLE, new Cancellation(), work("after"));

        cancellation.cancel(ErrorCode.CANCELLED, "Task task_1 was cancelled while it waited");

        assertThat(cancelled).isCompletedExceptionally();
        assertThat(catchThrowable(() -> TableLocks.join(cancelled))).hasMessage("Task task_1 was cancelled while it waited");
        assertThat(code(cancelled)).isEqualTo(ErrorCode.CANCELLED);
        release.countDown();
        assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo("after");
        assertThat(ran).containsExactly("first", "after");
    }
}
