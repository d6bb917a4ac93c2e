package io.graphstaging.http.cluster;

import io.graphstaging.core.cluster.GraphLease;
import io.graphstaging.core.cluster.GraphOwnership;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.http.route.RouteGroup;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Before a request writes a graph's files, this node takes the graph's write lease (in a cluster;
 * on a single node every graph is its own): a graph another live node holds is refused with 409
 * {@code graph_owned_elsewhere} before anything is touched. Writes are the non-GET requests on a
 * graph's path, except its queries (reads) and its registry routes (the shared registry only). The
 * lease is held while the request runs, however long (the keep window starts at its end); a task it
 * queues holds it on its own until the task ends. A deleted graph's lease is released, so any node
 * may create it again.
 */
public final class GraphWriteClaims implements RouteGroup {
    private static final String HELD = "graph-staging.graph-write-held";

    private final Optional<GraphOwnership> ownership;

    @Inject
    public GraphWriteClaims(Optional<GraphOwnership> ownership) {
        this.ownership = ownership;
    }

    @Override
    public void addTo(Javalin app) {
        if (ownership.isEmpty()) {
            return;
        }
        app.before(this::claim);
        app.after(this::release);
    }

    private void claim(Context ctx) {
        Optional<GraphId> written = writtenGraph(ctx.method(), ctx.path());
        if (written.isEmpty()) {
            return;
        }
        Optional<GraphLease> lease = ownership.get().claim(written.get());
        if (lease.isEmpty()) {
            return;
        }
        if (lease.get().takenOver()) {
            ctx.attribute(SnapshotRestores.TAKEN_OVER, true);
        }
        // Nothing stops a synchronous write when the lease is lost (it has no cancellation of its own):
        // the hold keeps the lease renewed while it runs, which is what prevents the loss.
        ctx.attribute(HELD, ownership.get().hold(written.get(), new Cancellation()));
    }

    private void release(Context ctx) {
        Cancellation.Registration held = ctx.attribute(HELD);
        if (held != null) {
            ctx.attribute(HELD, null);
            held.close();
        }
        if (ctx.method() == HandlerType.DELETE && ctx.statusCode() == 200) {
            GraphPath.of(ctx.path()).filter(GraphPath::isGraphItself)
                    .ifPresent(deleted -> ownership.get().release(deleted.graph()));
        }
    }

    /** The graph a request writes, if it writes one; a malformed graph id is left to its route's 400. */
    static Optional<GraphId> writtenGraph(HandlerType method, String path) {
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            return Optional.empty();
        }
        return GraphPath.of(path)
                .filter(written -> written.rest().isEmpty() || !written.rest().get(0).equals("registry"))
                .filter(written -> !written.lastSegment().equals("query"))
                .map(GraphPath::graph);
    }
}
