package io.graphstaging.http.auth;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.http.config.HttpConfig;
import io.javalin.http.Context;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API key check, run before every route. Exempt: health, readiness, info, metrics and the docs. A
 * locked-out client gets 429 even with the right key; a missing or wrong key is a failure
 * (401). Keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}, which takes the
 * same time whatever the input, and hides the key's length.
 */
public final class ApiKeyCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyCheck.class);
    private static final Set<String> EXEMPT = Set.of("/health", "/ready", "/info", "/metrics", "/openapi.json", "/docs");
    private static final String HEADER = "X-Graph-API-Key";
    private static final String BEARER = "bearer ";

    private final Optional<byte[]> keyDigest;
    private final FailedAttempts failures;
    private final ClientAddress clients;

    @Inject
    public ApiKeyCheck(HttpConfig config, FailedAttempts failures, ClientAddress clients) {
        this.keyDigest = config.apiKey().map(key -> digest(key.reveal()));
        this.failures = failures;
        this.clients = clients;
    }

    public boolean enabled() {
        return keyDigest.isPresent();
    }

    public static boolean isExempt(String path) {
        // The docs viewer loads its scripts from the webjar path.
        return EXEMPT.contains(path) || path.startsWith("/docs/") || path.startsWith("/webjars/");
    }

    /** Throws {@code UNAUTHORIZED} or {@code TOO_MANY_AUTH_FAILURES}; returns when the request may go on. */
    public void check(Context ctx) {
        if (keyDigest.isEmpty() || isExempt(ctx.path())) {
            return;
        }
        // Behind a trusted proxy, the client it forwards for (X-Forwarded-For), not the proxy.
        String client = clients.of(ctx.req());
        if (failures.isLockedOut(client)) {
            throw new StagingException(ErrorCode.TOO_MANY_AUTH_FAILURES,
                    "Too many failed authentication attempts from this address; try again later");
        }
        Optional<String> presented = presentedKey(ctx);
        if (presented.isPresent() && MessageDigest.isEqual(digest(presented.get()), keyDigest.get())) {
            return;
        }
        boolean locked = failures.recordFailure(client);
        LOG.warn("Failed authentication from {} ({}){}", client, presented.isEmpty() ? "no key" : "wrong key",
                locked ? "; the address is now locked out" : "");
        throw new StagingException(ErrorCode.UNAUTHORIZED, presented.isEmpty()
                ? "Missing API key: send it in the X-Graph-API-Key header or as a bearer token"
                : "Invalid API key");
    }

    private static Optional<String> presentedKey(Context ctx) {
        String header = ctx.header(HEADER);
        if (header != null && !header.isEmpty()) {
            return Optional.of(header);
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).strip();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        }
        return Optional.empty();
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
