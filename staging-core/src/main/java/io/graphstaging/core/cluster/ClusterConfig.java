package io.graphstaging.core.cluster;

import io.graphstaging.core.config.Settings;
import java.time.Duration;
import java.util.Objects;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How this node shares graphs with others.
 *
 * @param node      {@code STAGING_NODE_ID}: set, the node takes a graph's lease in the registry before
 *                  writing it; unset (the single-node default), every graph is this node's
 * @param leaseTerm {@code STAGING_GRAPH_LEASE_SECONDS} (30): how long a lease outlives its node's last renewal
 * @param keepFor   {@code STAGING_GRAPH_LEASE_KEEP_SECONDS} (300): a graph's lease is renewed until this long
 *                  after its last write, then left to run out, so that another node may take the graph
 *                  once the proxy sends it there
 * @param trustedProxies {@code STAGING_TRUSTED_PROXIES} (none): comma-separated addresses of the proxies in
 *                  front of the node, whose {@code X-Forwarded-For} names the real client (auth lockout)
 */
public record ClusterConfig(Optional<NodeId> node, Duration leaseTerm, Duration keepFor, Set<String> trustedProxies) {
    public static final Duration DEFAULT_LEASE_TERM = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEP_FOR = Duration.ofMinutes(5);

    public ClusterConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(leaseTerm, "leaseTerm");
        Objects.requireNonNull(keepFor, "keepFor");
        trustedProxies = Set.copyOf(trustedProxies);
    }

    public static ClusterConfig singleNode() {
        return new ClusterConfig(Optional.empty(), DEFAULT_LEASE_TERM, DEFAULT_KEEP_FOR, Set.of());
    }

    public static ClusterConfig from(Settings settings) {
        Optional<NodeId> node = Optional.empty();
        Optional<String> name = settings.optionalText("STAGING_NODE_ID");
        if (name.isPresent()) {
            try {
                node = Optional.of(NodeId.of(name.get()));
            } catch (RuntimeException e) {
                settings.problem("STAGING_NODE_ID: " + e.getMessage());
            }
        }
        return new ClusterConfig(node,
                settings.duration("STAGING_GRAPH_LEASE_SECONDS", DEFAULT_LEASE_TERM, Duration.ofSeconds(1), Duration.ofHours(1)),
                settings.duration("STAGING_GRAPH_LEASE_KEEP_SECONDS", DEFAULT_KEEP_FOR, Duration.ZERO, Duration.ofDays(1)),
                Arrays.stream(settings.text("STAGING_TRUSTED_PROXIES", "").split(","))
                        .map(String::strip).filter(a -> !a.isEmpty()).collect(Collectors.toSet()));
    }

    public boolean clustered() {
        return node.isPresent();
    }
}
