package io.graphstaging.http.cluster;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.usecase.RestoreGraph;
import io.graphstaging.http.route.RouteGroup;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Before a request on a graph is served, the graph is restored ({@link RestoreGraph}: its database
 * from the latest snapshot, its staging from the registry) when this node lacks it (a new or
 * replaced node), or when this node has just taken the graph's lease over from another
 * ({@link GraphWriteClaims} says so), its local files maybe stale.
 * A bad checksum fails the request ({@code snapshot_corrupt}): never a silently empty graph.
 * Registered after {@link GraphWriteClaims}; nothing runs when snapshots are off.
 */
public final class SnapshotRestores implements RouteGroup {
    /** Set by {@link GraphWriteClaims} on a request whose write lease this node took over. */
    static final String TAKEN_OVER = "graph-staging.graph-taken-over";

    private final RestoreGraph restore;

    @Inject
    public SnapshotRestores(RestoreGraph restore) {
        this.restore = restore;
    }

    @Override
    public void addTo(Javalin app) {
        if (!restore.enabled()) {
            return;
        }
        app.before(this::restore);
    }

    private void restore(Context ctx) {
        Optional<GraphId> graph = graphOf(ctx.method(), ctx.path());
        if (graph.isEmpty()) {
            return;
        }
        restore.beforeServing(graph.get(), Boolean.TRUE.equals(ctx.attribute(TAKEN_OVER)));
    }

    /** The graph of a request under {@code /databases/{g}/...}, except its deletion (nothing to restore). */
    static Optional<GraphId> graphOf(HandlerType method, String path) {
        if (method == HandlerType.DELETE) {
            return GraphPath.of(path).filter(served -> !served.isGraphItself()).map(GraphPath::graph);
        }
        return GraphPath.of(path).map(GraphPath::graph);
    }
}
