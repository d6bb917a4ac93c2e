package io.graphstaging.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueryThreadsTest {
    private final GraphId runaway = GraphId.of("runaway");
    private final GraphId other = GraphId.of("other");

    @Test
    void oneGraphTakesAtMostHalfTheThreadsAndOthersStillRun() throws Exception {
        QueryThreads threads = new QueryThreads(4);
        QueryThreads.Permit a = threads.acquire(runaway, new Cancellation());
        QueryThreads.Permit b = threads.acquire(runaway, new Cancellation());

        CompletableFuture<QueryThreads.Permit> third = CompletableFuture.supplyAsync(() -> threads.acquire(runaway,
                new Cancellation()));
        assertThat(catchThrowable(() -> third.get(200, TimeUnit.MILLISECONDS))).isInstanceOf(TimeoutException.class);
        // The waiting runaway query does not hold up another graph's query.
        QueryThreads.Permit o = threads.acquire(other, new Cancellation());
        assertThat(threads.running()).isEqualTo(3);
        assertThat(threads.running(runaway)).isEqualTo(2);

        a.close();
        third.get(30, TimeUnit.SECONDS).close();
        b.close();
        o.close();
        assertThat(threads.running()).isZero();
    }

    @Test
    void waitersAreServedInArrivalOrderWhenThreadsFree() throws Exception {
        QueryThreads threads = new QueryThreads(2);
        QueryThreads.Permit held = threads.acquire(runaway, new Cancellation());
        QueryThreads.Permit alsoHeld = threads.acquire(other, new Cancellation());
        StringBuilder order = new StringBuilder();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try (QueryThreads.Permit p = threads.acquire(GraphId.of("first"), new Cancellation())) {
                synchronized (order) {
                    order.append("first ");
                }
            }
        });
        awaitWaiting(threads, first);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            try (QueryThreads.Permit p = threads.acquire(GraphId.of("second"), new Cancellation())) {
                synchronized (order) {
                    order.append("second");
                }
            }
        });
        Thread.sleep(100);

        held.close();
        first.get(30, TimeUnit.SECONDS);
        second.get(30, TimeUnit.SECONDS);
        alsoHeld.close();
        assertThat(order.toString()).isEqualTo("first second");
    }

    @Test
    void aCancelledWaiterLeavesWithTheCancellationsCodeAndTakesNothing() throws Exception {
        QueryThreads threads = new QueryThreads(1);
        QueryThreads.Permit held = threads.acquire(runaway, new Cancellation());
        Cancellation cancellation = new Cancellation();
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> catchThrowable(() ->
                threads.acquire(other, cancellation)));
        awaitWaiting(threads, waiter);

        cancellation.cancel(ErrorCode.QUERY_TIMEOUT, "too slow");

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));
        held.close();
        assertThat(threads.running()).isZero();
        threads.acquire(other, new Cancellation()).close();
    }

    @Test
    void aPermitClosedTwiceIsGivenBackOnce() {
        QueryThreads threads = new QueryThreads(2);
        QueryThreads.Permit p = threads.acquire(runaway, new Cancellation());
        QueryThreads.Permit q = threads.acquire(other, new Cancellation());
        p.close();
        p.close();
        assertThat(threads.running()).isEqualTo(1);
        q.close();
    }

    /** A waiter is queued once it has had time to block and has not finished. */
    private static void awaitWaiting(QueryThreads threads, CompletableFuture<?> waiter) throws InterruptedException {
        Thread.sleep(100);
        assertThat(waiter).isNotDone();
    }
}
