package io.graphstaging.http.auth;

import io.graphstaging.core.cluster.ClusterConfig;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from, for the auth lockout. Behind a proxy every request comes from the
 * proxy, which would lock out everyone at once; so when the peer is a trusted proxy
 * ({@code STAGING_TRUSTED_PROXIES}) its {@code X-Forwarded-For} is read from the right, past
 * trusted proxies, to the first address none of them vouches for. A client's own header is never
 * believed: from anyone else the peer address is the client.
 */
public final class ClientAddress {
    private final Set<String> trusted;

    @Inject
    public ClientAddress(Optional<ClusterConfig> cluster) {
        this.trusted = cluster.map(ClusterConfig::trustedProxies).orElse(Set.of());
    }

    /** @param forwardedFor the {@code X-Forwarded-For} header, or null */
    public String of(String peer, String forwardedFor) {
        if (forwardedFor == null || !trusted.contains(peer)) {
            return peer;
        }
        List<String> hops = List.of(forwardedFor.split(","));
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).strip();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
