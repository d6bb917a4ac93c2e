package io.graphstaging.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.testing.InMemoryGraphLeases;
import io.graphstaging.core.testing.MutableClock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphOwnershipTest {
    private static final Duration TERM = Duration.ofSeconds(30);
    private static final Duration KEEP = Duration.ofMinutes(5);
    private final MutableClock clock = new MutableClock();
    private final InMemoryGraphLeases leases = new InMemoryGraphLeases(clock);
    private final GraphId graph = GraphId.of("g1");

    private GraphOwnership node(String name) {
        return node(name, leases);
    }

    private GraphOwnership node(String name, GraphLeases store) {
        return new GraphOwnership(store, new ClusterConfig(Optional.of(NodeId.of(name)), TERM, KEEP, Set.of(), Optional.empty()), clock);
    }

    /** Runs {@code rounds} renewal rounds a third of the term apart, as {@link LeaseRenewal} does. */
    private void renewFor(GraphOwnership node, Duration span) {
        for (Duration passed = Duration.ZERO; passed.compareTo(span) < 0; passed = passed.plus(TERM.dividedBy(3))) {
            clock.advance(TERM.dividedBy(3));
            node.renewHeld();
        }
    }

    @Test
    void aSingleNodeOwnsEveryGraphWithoutAskingTheStore() {
        GraphOwnership single = new GraphOwnership(leases, ClusterConfig.singleNode(), clock);
        node("other").claim(graph);
        assertThat(single.claim(graph)).isEmpty();
        assertThat(single.renewHeld()).isZero();
    }

    @Test
    void aSecondNodeIsRefusedWhileTheFirstKeepsRenewing() {
        GraphOwnership first = node("n1");
        GraphOwnership second = node("n2");
        assertThat(first.claim(graph)).get().extracting(GraphLease::takenOver).isEqualTo(false);
        for (int i = 0; i < 10; i++) {
            clock.advance(TERM.dividedBy(3));
            assertThat(first.renewHeld()).isEqualTo(1);
        }
        assertThatThrownBy(() -> second.claim(graph)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_OWNED_ELSEWHERE));
    }

    @Test
    void aGraphNotWrittenForKeepForIsLeftToRunOutAndAnotherNodeTakesIt() {
        GraphOwnership first = node("n1");
        GraphOwnership second = node("n2");
        first.claim(graph);
        clock.advance(KEEP.plusSeconds(1));
        assertThat(first.renewHeld()).isZero();
        clock.advance(TERM);
        assertThat(second.claim(graph)).get().extracting(GraphLease::owner).isEqualTo(NodeId.of("n2"));
        // The first node, asked again, is refused: it does not write what it no longer holds.
        assertThatThrownBy(() -> first.claim(graph)).isInstanceOf(StagingException.class);
    }

    @Test
    void aReleasedGraphIsFreeForAnyNode() {
        GraphOwnership first = node("n1");
        first.claim(graph);
        first.release(graph);
        assertThat(node("n2").claim(graph)).isPresent();
    }

    /**
     * Issue 16: a node's first write to a brand-new graph is no takeover (no restore, no extra
     * refresh); taking a graph another node held is one, also when that node deleted it, since
     * this node may have stale files of it from an earlier time.
     */
    @Test
    void onlyAGraphAnotherNodeHeldIsATakeover() {
        GraphOwnership first = node("n1");
        GraphOwnership second = node("n2");
        assertThat(first.claim(graph)).get().extracting(GraphLease::takenOver).isEqualTo(false);
        assertThat(first.claim(graph)).get().extracting(GraphLease::takenOver).isEqualTo(false);
        first.release(graph);
        assertThat(second.claim(graph)).get().extracting(GraphLease::takenOver).isEqualTo(true);
        clock.advance(KEEP.plusSeconds(1));
        second.renewHeld();
        clock.advance(TERM);
        assertThat(first.claim(graph)).get().extracting(GraphLease::takenOver).isEqualTo(true);
        clock.advance(TERM.plusSeconds(1));
        assertThat(first.claim(graph)).as("its own lease that ran out").get()
                .extracting(GraphLease::takenOver).isEqualTo(false);
    }

    @Test
    void aGraphWithWorkInFlightKeepsItsLeaseLongPastTheKeepWindowThenKeepsItForTheWindowOnly() {
        GraphOwnership first = node("n1");
        GraphOwnership second = node("n2");
        first.claim(graph);
        Cancellation task = new Cancellation();
        Cancellation.Registration hold = first.hold(graph, task);

        renewFor(first, KEEP.multipliedBy(3));

        assertThatThrownBy(() -> second.claim(graph)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_OWNED_ELSEWHERE));
        assertThat(task.isCancelled()).isFalse();
        hold.close();
        // The keep window counts from the work's end: still kept just before it closes...
        renewFor(first, KEEP.minus(TERM));
        assertThatThrownBy(() -> second.claim(graph)).isInstanceOf(StagingException.class);
        // ...then left to run out.
        renewFor(first, TERM.multipliedBy(3));
        assertThat(first.renewHeld()).isZero();
        assertThat(second.claim(graph)).get().extracting(GraphLease::owner).isEqualTo(NodeId.of("n2"));
    }

    @Test
    void aLeaseAnotherNodeTookCancelsTheWorkInFlightWithLeaseLost() {
        GraphOwnership first = node("n1");
        first.claim(graph);
        Cancellation task = new Cancellation();
        first.hold(graph, task);
        Cancellation otherGraph = new Cancellation();
        first.claim(GraphId.of("g2"));
        first.hold(GraphId.of("g2"), otherGraph);
        // The row changed hands behind this node's back (an operator, a clock gone wrong).
        leases.release(graph, NodeId.of("n1"));
        node("n2").claim(graph);

        assertThat(first.renewHeld()).isEqualTo(1);

        assertThatThrownBy(task::throwIfCancelled).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LEASE_LOST);
            assertThat(e.getMessage()).contains("g1", "n1");
        });
        assertThat(otherGraph.isCancelled()).isFalse();
        assertThatThrownBy(() -> first.claim(graph)).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_OWNED_ELSEWHERE));
    }

    @Test
    void renewalsFailingUntilTheTermHasPassedCancelTheWorkInFlightBeforeAnotherNodeMayTakeTheGraph() {
        FailingLeases flaky = new FailingLeases(leases);
        GraphOwnership first = node("n1", flaky);
        first.claim(graph);
        Cancellation task = new Cancellation();
        first.hold(graph, task);
        flaky.down = true;

        // A missed renewal or two within the term loses nothing.
        clock.advance(TERM.dividedBy(3));
        assertThatThrownBy(first::renewHeld).isInstanceOf(StagingException.class);
        clock.advance(TERM.dividedBy(3));
        assertThatThrownBy(first::renewHeld).isInstanceOf(StagingException.class);
        assertThat(task.isCancelled()).isFalse();
        assertThatThrownBy(() -> node("n2").claim(graph)).isInstanceOf(StagingException.class);

        clock.advance(TERM.dividedBy(3));
        assertThatThrownBy(first::renewHeld).isInstanceOf(StagingException.class);

        assertThatThrownBy(task::throwIfCancelled).isInstanceOfSatisfying(StagingException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LEASE_LOST));
        // Only now may another node take it: the work here was stopped first.
        assertThat(node("n2").claim(graph)).isPresent();
    }

    @Test
    void aSingleNodeHoldsWithoutAskingTheStore() {
        GraphOwnership single = new GraphOwnership(leases, ClusterConfig.singleNode(), clock);
        single.hold(graph, new Cancellation()).close();
        assertThat(leases.find(graph)).isEmpty();
    }

    /** The store behind a registry that stops answering. */
    private static final class FailingLeases implements GraphLeases {
        private final GraphLeases store;
        volatile boolean down;

        FailingLeases(GraphLeases store) {
            this.store = store;
        }

        private void answer() {
            if (down) {
                throw new StagingException(ErrorCode.REGISTRY_FAILED, "The registry did not answer");
            }
        }

        @Override
        public GraphLease take(GraphId graph, NodeId owner, Duration term) {
            answer();
            return store.take(graph, owner, term);
        }

        @Override
        public List<GraphLease> renew(NodeId owner, Collection<GraphId> graphs, Duration term) {
            answer();
            return store.renew(owner, graphs, term);
        }

        @Override
        public void release(GraphId graph, NodeId owner) {
            answer();
            store.release(graph, owner);
        }

        @Override
        public Optional<GraphLease> find(GraphId graph) {
            answer();
            return store.find(graph);
        }
    }
}
