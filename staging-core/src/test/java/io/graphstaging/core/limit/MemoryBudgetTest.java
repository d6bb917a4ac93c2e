package io.graphstaging.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void reservationsWithinTheBudgetAreGrantedAndGivenBackOnce() {
        MemoryBudget budget = new MemoryBudget(ByteSize.ofBytes(100), Duration.ZERO);

        MemoryBudget.Reservation a = budget.reserve("graph a", 60);
        MemoryBudget.Reservation b = budget.reserve("graph b", 40);
        assertThat(budget.reservedBytes()).isEqualTo(100);
        a.close();
        a.close();
        assertThat(budget.reservedBytes()).isEqualTo(40);
        b.close();
        assertThat(budget.reservedBytes()).isZero();
    }

    @Test
    void aRequestLargerThanTheWholeBudgetIsRefusedNamingBoth() {
        MemoryBudget budget = new MemoryBudget(ByteSize.ofMebibytes(1), Duration.ofSeconds(10));

        assertThatThrownBy(() -> budget.reserve("graph g", 2L << 20))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_BUDGET_EXHAUSTED);
                    assertThat(e.getMessage()).contains("graph g", "2MiB", "1MiB");
                });
    }

    @Test
    void idleHoldersAreAskedToReleaseBeforeARequestFails() {
        MemoryBudget budget = new MemoryBudget(ByteSize.ofBytes(100), Duration.ZERO);
        Deque<MemoryBudget.Reservation> idle = new ArrayDeque<>();
        idle.add(budget.reserve("idle 1", 50));
        idle.add(budget.reserve("idle 2", 50));
        budget.addReleaser(bytes -> {
            if (!idle.isEmpty()) {
                idle.poll().close();
            }
        });

        MemoryBudget.Reservation fresh = budget.reserve("new graph", 50);

        assertThat(fresh.bytes()).isEqualTo(50);
        assertThat(idle).hasSize(1);
    }

    @Test
    void aRequestWaitsForAReleaseThenFailsAfterTheWait() throws Exception {
        MemoryBudget budget = new MemoryBudget(ByteSize.ofBytes(100), Duration.ofSeconds(5));
        MemoryBudget.Reservation busy = budget.reserve("busy graph", 100);

        CompletableFuture<MemoryBudget.Reservation> waiting = CompletableFuture.supplyAsync(() -> budget.reserve("late", 30));
        Thread.sleep(200);
        assertThat(waiting).isNotDone();
        busy.close();
        assertThat(waiting.get(5, TimeUnit.SECONDS).bytes()).isEqualTo(30);

        MemoryBudget tight = new MemoryBudget(ByteSize.ofBytes(10), Duration.ofMillis(300));
        tight.reserve("holder", 10);
        assertThatThrownBy(() -> tight.reserve("second", 5))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MEMORY_BUDGET_EXHAUSTED));
    }
}
