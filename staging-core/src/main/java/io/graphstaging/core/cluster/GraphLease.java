package io.graphstaging.core.cluster;

import io.graphstaging.core.model.GraphId;
import java.time.Instant;
import java.util.Objects;

/**
 * The right of one node to write one graph until {@code expiresAt} (the store's clock).
 *
 * @param takenOver true when another node held the graph before (its lease ran out, or it released
 *                  the graph by deleting it): this node's local files may be missing or stale. False
 *                  for the graph's first lease ever and for this node's own lease, renewed or retaken
 *                  after it ran out (nobody else wrote the graph meanwhile)
 */
public record GraphLease(GraphId graph, NodeId owner, Instant expiresAt, boolean takenOver) {
    public GraphLease {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
