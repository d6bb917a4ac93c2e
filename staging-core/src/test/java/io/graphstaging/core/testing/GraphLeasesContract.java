package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.cluster.GraphLease;
import io.graphstaging.core.cluster.GraphLeases;
import io.graphstaging.core.cluster.NodeId;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GraphLeases} must do. Subclasses give the store and a way to move its clock
 * (for a database: moving the stored times back).
 */
public abstract class GraphLeasesContract {
    protected static final Duration TERM = Duration.ofSeconds(30);
    protected static final NodeId A = NodeId.of("node-a");
    protected static final NodeId B = NodeId.of("node-b");

    protected abstract GraphLeases leases();

    /** Makes the store's clock run on by this much (for every lease already stored). */
    protected abstract void advanceClock(Duration by);

    protected static GraphId newGraph() {
        return GraphId.of("g-" + UUID.randomUUID().toString().substring(0, 12));
    }

    @Test
    void aFreeGraphIsTakenAndItsOwnerRenewsIt() {
        GraphId graph = newGraph();
        GraphLease first = leases().take(graph, A, TERM);
        assertThat(first.owner()).isEqualTo(A);
        assertThat(first.takenOver()).as("a graph's first lease: nobody else has its files").isFalse();
        GraphLease again = leases().take(graph, A, TERM);
        assertThat(again.takenOver()).isFalse();
        assertThat(again.expiresAt()).isAfterOrEqualTo(first.expiresAt());
        assertThat(leases().find(graph)).get().extracting(GraphLease::owner).isEqualTo(A);
    }

    @Test
    void aLiveLeaseRefusesAnotherNodeNamingTheOwner() {
        GraphId graph = newGraph();
        leases().take(graph, A, TERM);
        advanceClock(TERM.minusSeconds(5));
        assertThatThrownBy(() -> leases().take(graph, B, TERM))
                .isInstanceOfSatisfying(StagingException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_OWNED_ELSEWHERE);
                    assertThat(e.getMessage()).contains("node-a").contains(graph.value());
                });
        assertThat(leases().find(graph)).get().extracting(GraphLease::owner).isEqualTo(A);
    }

    @Test
    void anExpiredLeaseIsTakenOverAndItsFormerOwnerIsThenRefused() {
        GraphId graph = newGraph();
        leases().take(graph, A, TERM);
        advanceClock(TERM.plusSeconds(1));
        GraphLease taken = leases().take(graph, B, TERM);
        assertThat(taken.owner()).isEqualTo(B);
        assertThat(taken.takenOver()).isTrue();
        assertThatThrownBy(() -> leases().take(graph, A, TERM))
                .isInstanceOfSatisfying(StagingException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_OWNED_ELSEWHERE));
        assertThat(leases().renew(A, List.of(graph), TERM)).isEmpty();
    }

    @Test
    void renewingKeepsALeaseAliveOnlyForItsOwner() {
        GraphId kept = newGraph();
        GraphId other = newGraph();
        leases().take(kept, A, TERM);
        leases().take(other, B, TERM);
        advanceClock(TERM.minusSeconds(5));
        List<GraphLease> renewed = leases().renew(A, List.of(kept, other), TERM);
        assertThat(renewed).extracting(GraphLease::graph).containsExactly(kept);
        advanceClock(Duration.ofSeconds(10));
        // A's renewed lease still holds; B's ran out.
        assertThatThrownBy(() -> leases().take(kept, B, TERM)).isInstanceOf(StagingException.class);
        assertThat(leases().take(other, A, TERM).owner()).isEqualTo(A);
    }

    @Test
    void releaseEndsOnlyTheOwnersLease() {
        GraphId graph = newGraph();
        leases().take(graph, A, TERM);
        leases().release(graph, B);
        assertThatThrownBy(() -> leases().take(graph, B, TERM)).isInstanceOf(StagingException.class);
        leases().release(graph, A);
        // Kept, expired: whoever takes the graph next learns that A held it.
        assertThat(leases().find(graph)).get().extracting(GraphLease::owner).isEqualTo(A);
        GraphLease taken = leases().take(graph, B, TERM);
        assertThat(taken.owner()).isEqualTo(B);
        assertThat(taken.takenOver()).isTrue();
    }

    @Test
    void aTakeoverIsTakingAGraphAnotherNodeHeldNotRetakingOnesOwn() {
        GraphId graph = newGraph();
        leases().take(graph, A, TERM);
        advanceClock(TERM.plusSeconds(1));
        assertThat(leases().take(graph, A, TERM).takenOver()).as("its own lease, run out, nobody wrote since").isFalse();
        leases().release(graph, A);
        assertThat(leases().take(graph, A, TERM).takenOver()).as("its own released lease").isFalse();
        advanceClock(TERM.plusSeconds(1));
        assertThat(leases().take(graph, B, TERM).takenOver()).isTrue();
        assertThat(leases().take(graph, B, TERM).takenOver()).as("renewed").isFalse();
        advanceClock(TERM.plusSeconds(1));
        assertThat(leases().take(graph, A, TERM).takenOver()).as("back from B").isTrue();
    }

    @Test
    void ofManyNodesTakingOneGraphAtOnceExactlyOneWins() throws Exception {
        GraphId graph = newGraph();
        int nodes = 8;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<NodeId>> attempts = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                NodeId node = NodeId.of("racer-" + i);
                Callable<NodeId> attempt = () -> {
                    start.await();
                    return leases().take(graph, node, TERM).owner();
                };
                attempts.add(pool.submit(attempt));
            }
            start.countDown();
            List<NodeId> winners = new ArrayList<>();
            for (Future<NodeId> attempt : attempts) {
                try {
                    winners.add(attempt.get());
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(StagingException.class,
                            refused -> assertThat(refused.code()).isEqualTo(ErrorCode.GRAPH_OWNED_ELSEWHERE));
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(leases().find(graph)).get().extracting(GraphLease::owner).isEqualTo(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }
}
