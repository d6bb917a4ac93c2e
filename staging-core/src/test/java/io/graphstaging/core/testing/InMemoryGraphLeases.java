package io.graphstaging.core.testing;

import io.graphstaging.core.cluster.GraphLease;
import io.graphstaging.core.cluster.GraphLeases;
import io.graphstaging.core.cluster.NodeId;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link GraphLeases} in memory, on a clock the test moves: for core tests and the port's contract. */
public final class InMemoryGraphLeases implements GraphLeases {
    private final Clock clock;
    private final Map<GraphId, GraphLease> leases = new HashMap<>(); // guarded by this

    public InMemoryGraphLeases(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized GraphLease take(GraphId graph, NodeId owner, Duration term) {
        Instant now = clock.instant();
        GraphLease current = leases.get(graph);
        if (current != null && !current.owner().equals(owner) && current.expiresAt().isAfter(now)) {
            throw new StagingException(ErrorCode.GRAPH_OWNED_ELSEWHERE, "Graph " + graph + " is written by node "
                    + current.owner() + " until " + current.expiresAt() + "; send the request to that node");
        }
        // A first lease is no takeover: no other node has files of the graph.
        boolean takenOver = current != null && !current.owner().equals(owner);
        GraphLease lease = new GraphLease(graph, owner, now.plus(term), takenOver);
        leases.put(graph, lease);
        return lease;
    }

    @Override
    public synchronized List<GraphLease> renew(NodeId owner, Collection<GraphId> graphs, Duration term) {
        Instant now = clock.instant();
        List<GraphLease> held = new ArrayList<>();
        for (GraphId graph : graphs) {
            GraphLease current = leases.get(graph);
            if (current != null && current.owner().equals(owner)) {
                GraphLease renewed = new GraphLease(graph, owner, now.plus(term), false);
                leases.put(graph, renewed);
                held.add(renewed);
            }
        }
        return held;
    }

    @Override
    public synchronized void release(GraphId graph, NodeId owner) {
        GraphLease current = leases.get(graph);
        // Kept, expired: the next owner learns who held the graph last.
        if (current != null && current.owner().equals(owner) && current.expiresAt().isAfter(clock.instant())) {
            leases.put(graph, new GraphLease(graph, owner, clock.instant(), false));
        }
    }

    @Override
    public synchronized Optional<GraphLease> find(GraphId graph) {
        return Optional.ofNullable(leases.get(graph));
    }
}
