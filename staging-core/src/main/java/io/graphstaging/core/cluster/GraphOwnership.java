package io.graphstaging.core.cluster;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which graphs this node may write. On a single node (no node id) every graph is this node's and
 * the registry is not asked. In a cluster, a write first takes (or renews) the graph's lease;
 * {@link #renewHeld()}, run every third of the term, keeps the leases of graphs with work in
 * flight here ({@link #hold}: a queued or running task, a write request) and of graphs written
 * within {@link ClusterConfig#keepFor()}, and lets the others run out.
 *
 * <p>A lease can still be lost: another node took it (the renewal no longer returns it), or the
 * registry did not answer until the lease's term had passed on this node's clock (another node
 * may take it from then on). Either way the graph's work in flight here is cancelled with
 * {@code LEASE_LOST}, so that it stops instead of writing a graph another node may be writing.
 */
public final class GraphOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(GraphOwnership.class);

    private final GraphLeases leases;
    private final ClusterConfig config;
    private final Clock clock;
    /** Graphs this node holds. Changed only inside the map's compute methods (atomic per graph). */
    private final Map<GraphId, Held> held = new ConcurrentHashMap<>();

    public GraphOwnership(GraphLeases leases, ClusterConfig config, Clock clock) {
        this.leases = leases;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Makes sure this node may write the graph now.
     *
     * @return the lease taken, empty on a single node
     * @throws io.graphstaging.core.error.StagingException {@code GRAPH_OWNED_ELSEWHERE} when a live node holds it
     */
    public Optional<GraphLease> claim(GraphId graph) {
        if (config.node().isEmpty()) {
            return Optional.empty();
        }
        Instant asked = clock.instant();
        GraphLease lease = leases.take(graph, config.node().get(), config.leaseTerm());
        held.compute(graph, (g, h) -> (h == null ? new Held() : h).written(clock.instant()).confirmed(asked, config));
        if (lease.takenOver()) {
            LOG.info("Node {} took the lease of graph {}", lease.owner(), graph);
        }
        return Optional.of(lease);
    }

    /**
     * Keeps the graph's lease for as long as the work runs (however long past {@code keepFor}),
     * until the registration is closed; the keep window starts again then. Takes nothing from
     * the registry itself: the request that queued the work has {@link #claim claimed} the graph.
     *
     * @param work cancelled with {@code LEASE_LOST} if the lease is lost meanwhile
     */
    public Cancellation.Registration hold(GraphId graph, Cancellation work) {
        if (config.node().isEmpty()) {
            return () -> { };
        }
        Object token = new Object();
        held.compute(graph, (g, h) -> (h == null ? new Held() : h).adding(token, work));
        return () -> held.computeIfPresent(graph, (g, h) -> h.removing(token, clock.instant()));
    }

    /** The graph was deleted: its lease ends, so that any node may create it again. */
    public void release(GraphId graph) {
        if (config.node().isEmpty()) {
            return;
        }
        held.remove(graph);
        leases.release(graph, config.node().get());
    }

    /**
     * Renews the leases of graphs with work in flight or written recently and forgets the rest;
     * a graph lost meanwhile has its work cancelled. Returns how many are held now.
     *
     * @throws RuntimeException what the registry threw; the graphs whose lease has run out on this
     *         node's clock since their last confirmed renewal are given up first
     */
    public int renewHeld() {
        if (config.node().isEmpty()) {
            return 0;
        }
        Instant asked = clock.instant();
        Instant keepSince = asked.minus(config.keepFor());
        for (GraphId graph : List.copyOf(held.keySet())) {
            held.computeIfPresent(graph, (g, h) -> h.idleSince(keepSince) ? null : h);
        }
        List<GraphId> graphs = List.copyOf(held.keySet());
        if (graphs.isEmpty()) {
            return 0;
        }
        List<GraphLease> renewed;
        try {
            renewed = leases.renew(config.node().get(), graphs, config.leaseTerm());
        } catch (RuntimeException e) {
            Instant failedAt = clock.instant();
            for (GraphId graph : graphs) {
                Optional<Held> expired = Optional.ofNullable(held.get(graph)).filter(h -> h.expiredAt(failedAt));
                if (expired.isPresent()) {
                    lose(graph, "its write lease ran out while the registry did not answer (" + e.getMessage() + ")");
                }
            }
            throw e;
        }
        Set<GraphId> kept = new HashSet<>();
        for (GraphLease lease : renewed) {
            kept.add(lease.graph());
            held.computeIfPresent(lease.graph(), (g, h) -> h.confirmed(asked, config));
        }
        graphs.stream().filter(g -> !kept.contains(g))
                .forEach(lost -> lose(lost, "another node took its write lease, or the graph was removed"));
        return renewed.size();
    }

    /** Forgets the graph and cancels its work in flight here: a later write claims it anew. */
    private void lose(GraphId graph, String why) {
        Held lost = held.remove(graph);
        if (lost == null) {
            return;
        }
        List<Cancellation> work = lost.work();
        LOG.warn("Node {} no longer holds the lease of graph {}: {}; stopping its {} running writes",
                config.node().get(), graph, why, work.size());
        String reason = "Node " + config.node().get() + " lost the write lease of graph " + graph + ": " + why
                + "; the write was stopped. Send it again (the proxy reaches the graph's node)";
        work.forEach(c -> c.cancel(ErrorCode.LEASE_LOST, reason));
    }

    public ClusterConfig config() {
        return config;
    }

    /** A held graph: its work in flight, when it was last written, until when its lease surely runs. */
    private static final class Held {
        private final Map<Object, Cancellation> work = new ConcurrentHashMap<>();
        private volatile Instant lastWrite;
        /** Empty until a take or renewal succeeded: the request's time plus the term, on this node's clock. */
        private volatile Instant confirmedUntil;

        Held written(Instant at) {
            lastWrite = at;
            return this;
        }

        Held confirmed(Instant asked, ClusterConfig config) {
            // The store's own expiry counts from when it got the request, after `asked`: so this
            // node's view never outlasts the real lease (on a clock running at a normal rate).
            confirmedUntil = asked.plus(config.leaseTerm());
            return this;
        }

        Held adding(Object token, Cancellation cancellation) {
            work.put(token, cancellation);
            return this;
        }

        Held removing(Object token, Instant at) {
            if (work.remove(token) != null) {
                lastWrite = at;
            }
            return this;
        }

        boolean idleSince(Instant keepSince) {
            return work.isEmpty() && (lastWrite == null || lastWrite.isBefore(keepSince));
        }

        boolean expiredAt(Instant now) {
            return confirmedUntil == null || !now.isBefore(confirmedUntil);
        }

        List<Cancellation> work() {
            return new ArrayList<>(work.values());
        }
    }
}
