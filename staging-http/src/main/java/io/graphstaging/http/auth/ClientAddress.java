package io.graphstaging.http.auth;

import io.graphstaging.core.cluster.ClusterConfig;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who a request comes from, for the auth lockout. Behind a proxy every request comes from the
 * proxy, which would lock out everyone at once; so when the peer is a trusted proxy
 * ({@code STAGING_TRUSTED_PROXIES}) its {@code X-Forwarded-For} is read from the right, past
 * trusted proxies, to the first address none of them vouches for. A client's own header is never
 * believed: from anyone else the peer address is the client.
 *
 * <p>Every {@code X-Forwarded-For} line counts, in order: HAProxy appends its own line after the
 * ones the client sent, so the first line alone would be the client's word.
 */
public final class ClientAddress {
    private static final String HEADER = "X-Forwarded-For";

    private final Set<String> trusted;

    @Inject
    public ClientAddress(Optional<ClusterConfig> cluster) {
        this.trusted = cluster.map(ClusterConfig::trustedProxies).orElse(Set.of());
    }

    /** The client of this request: its peer, or the client the trusted proxies before it name. */
    public String of(HttpServletRequest request) {
        return of(request.getRemoteAddr(), Collections.list(request.getHeaders(HEADER)));
    }

    /** @param forwardedFor every {@code X-Forwarded-For} line of the request, in the order received */
    public String of(String peer, List<String> forwardedFor) {
        if (forwardedFor.isEmpty() || !trusted.contains(peer)) {
            return peer;
        }
        List<String> hops = forwardedFor.stream().flatMap(line -> Arrays.stream(line.split(","))).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).strip();
            if (!hop.isEmpty() && !trusted.contains(hop)) {
                return hop;
            }
        }
        return peer;
    }
}
