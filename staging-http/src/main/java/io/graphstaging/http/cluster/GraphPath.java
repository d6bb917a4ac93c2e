package io.graphstaging.http.cluster;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import java.util.List;
import java.util.Optional;

/**
 * A request path under {@code /databases/{graph_id}}: its graph and the segments after it. The
 * cluster's before- and after-handlers read paths before routing, so they parse them here once.
 */
record GraphPath(GraphId graph, List<String> rest) {

    /** The graph path of {@code path}, or empty when it is not one; a malformed graph id is left to its route's 400. */
    static Optional<GraphPath> of(String path) {
        String[] parts = path.split("/");
        if (parts.length < 3 || !parts[0].isEmpty() || !parts[1].equals("databases")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new GraphPath(GraphId.of(parts[2]), List.of(parts).subList(3, parts.length)));
        } catch (StagingException invalid) {
            return Optional.empty(); // the route answers 400 invalid_graph_id itself
        }
    }

    /** {@code /databases/{graph_id}} itself, nothing after it. */
    boolean isGraphItself() {
        return rest.isEmpty();
    }

    /** The path's last segment (the graph id when nothing follows it). */
    String lastSegment() {
        return rest.isEmpty() ? graph.value() : rest.get(rest.size() - 1);
    }
}
