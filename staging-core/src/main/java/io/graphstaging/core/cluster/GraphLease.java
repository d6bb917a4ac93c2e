package io.graphstaging.core.cluster;

import io.graphstaging.core.model.GraphId;
import java.time.Instant;
import java.util.Objects;

/**
 * The right of one node to write one graph until {@code expiresAt} (the store's clock).
 *
 * @param takenOver true when the node did not hold it just before (a new graph for this node, or one
 *                  taken from a node whose lease ran out): its local files may be missing or stale
 */
public record GraphLease(GraphId graph, NodeId owner, Instant expiresAt, boolean takenOver) {
    public GraphLease {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
