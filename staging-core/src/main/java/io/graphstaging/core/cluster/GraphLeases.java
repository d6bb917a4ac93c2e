package io.graphstaging.core.cluster;

import io.graphstaging.core.model.GraphId;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Port: one writer per graph across the nodes sharing a registry. A lease ends at its expiry on
 * the store's clock, one clock for every node, so a node whose own clock runs ahead cannot take a
 * live lease. Every decision is atomic in the store: of two nodes taking one graph at once,
 * exactly one wins.
 */
public interface GraphLeases {
    /**
     * Takes the graph's lease for {@code owner}, or renews it when the owner already holds it.
     *
     * @throws io.graphstaging.core.error.StagingException {@code GRAPH_OWNED_ELSEWHERE} naming the owner
     *         when another node holds a lease that has not run out
     */
    GraphLease take(GraphId graph, NodeId owner, Duration term);

    /** Extends the leases {@code owner} still holds on these graphs; returns those it holds now. */
    List<GraphLease> renew(NodeId owner, Collection<GraphId> graphs, Duration term);

    /**
     * Ends the owner's lease of the graph (the graph was deleted); a lease held by another stays.
     * The lease is kept as expired, so that the next owner's lease says who held the graph last.
     */
    void release(GraphId graph, NodeId owner);

    /** The graph's lease as stored, expired or not. */
    Optional<GraphLease> find(GraphId graph);
}
