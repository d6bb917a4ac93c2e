package io.graphstaging.core.cluster;

import io.graphstaging.core.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
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
 * @param proxyUrl  {@code STAGING_PROXY_URL} (none): the proxy's address as nodes reach it, e.g.
 *                  {@code http://10.0.0.5:8001}; set, a request that names its graph only in its body
 *                  ({@code POST /databases}) is sent on through it, so that it reaches the graph's node
 */
public record ClusterConfig(Optional<NodeId> node, Duration leaseTerm, Duration keepFor, Set<String> trustedProxies,
                            Optional<URI> proxyUrl) {
    public static final Duration DEFAULT_LEASE_TERM = Duration.ofSeconds(30);
    public static final Duration DEFAULT_KEEP_FOR = Duration.ofMinutes(5);

    public ClusterConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(leaseTerm, "leaseTerm");
        Objects.requireNonNull(keepFor, "keepFor");
        trustedProxies = Set.copyOf(trustedProxies);
        Objects.requireNonNull(proxyUrl, "proxyUrl");
    }

    public static ClusterConfig singleNode() {
        return new ClusterConfig(Optional.empty(), DEFAULT_LEASE_TERM, DEFAULT_KEEP_FOR, Set.of(), Optional.empty());
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
                        .map(String::strip).filter(a -> !a.isEmpty()).collect(Collectors.toSet()),
                proxyUrl(settings));
    }

    private static Optional<URI> proxyUrl(Settings settings) {
        Optional<String> text = settings.optionalText("STAGING_PROXY_URL");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text.get().replaceAll("/+$", ""));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        settings.problem("STAGING_PROXY_URL must be an http(s) URL such as http://10.0.0.5:8001, was '" + text.get() + "'");
        return Optional.empty();
    }

    public boolean clustered() {
        return node.isPresent();
    }
}
