package io.graphstaging.core.cluster;

import io.graphstaging.core.model.GraphId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which graphs this node may write. On a single node (no node id) every graph is this node's and
 * the registry is not asked. In a cluster, a write first takes (or renews) the graph's lease;
 * {@link #renewHeld()}, run every third of the term, keeps the leases of graphs written within
 * {@link ClusterConfig#keepFor()} and lets the others run out.
 */
public final class GraphOwnership {
    private static final Logger LOG = LoggerFactory.getLogger(GraphOwnership.class);

    private final GraphLeases leases;
    private final ClusterConfig config;
    private final Clock clock;
    /** Graphs this node holds, by when it last wrote them (this JVM's clock: only for keepFor). */
    private final Map<GraphId, Instant> lastWrites = new ConcurrentHashMap<>();

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
        GraphLease lease = leases.take(graph, config.node().get(), config.leaseTerm());
        lastWrites.put(graph, clock.instant());
        if (lease.takenOver()) {
            LOG.info("Node {} took the lease of graph {}", lease.owner(), graph);
        }
        return Optional.of(lease);
    }

    /** The graph was deleted: its lease ends, so that any node may create it again. */
    public void release(GraphId graph) {
        if (config.node().isEmpty()) {
            return;
        }
        lastWrites.remove(graph);
        leases.release(graph, config.node().get());
    }

    /**
     * Renews the leases of graphs written recently and forgets the rest (and those another node
     * took meanwhile); returns how many are held now.
     */
    public int renewHeld() {
        if (config.node().isEmpty()) {
            return 0;
        }
        Instant keepSince = clock.instant().minus(config.keepFor());
        lastWrites.entrySet().removeIf(entry -> entry.getValue().isBefore(keepSince));
        List<GraphId> graphs = List.copyOf(lastWrites.keySet());
        if (graphs.isEmpty()) {
            return 0;
        }
        List<GraphLease> held = leases.renew(config.node().get(), graphs, config.leaseTerm());
        if (held.size() < graphs.size()) {
            List<GraphId> kept = held.stream().map(GraphLease::graph).toList();
            graphs.stream().filter(g -> !kept.contains(g)).forEach(lost -> {
                LOG.warn("Node {} no longer holds the lease of graph {}", config.node().get(), lost);
                lastWrites.remove(lost);
            });
        }
        return held.size();
    }

    public ClusterConfig config() {
        return config;
    }
}
