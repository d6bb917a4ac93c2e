package io.graphstaging.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.testing.InMemoryGraphLeases;
import io.graphstaging.core.testing.MutableClock;
import java.time.Duration;
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
        return new GraphOwnership(leases, new ClusterConfig(Optional.of(NodeId.of(name)), TERM, KEEP, Set.of(), Optional.empty()), clock);
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
}
