package io.graphstaging.http.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentication attempts per client address: {@code limit} failures within
 * {@code window} lock the client out for {@code lockout}. Entries older than the window are
 * dropped as clients are seen, and the map is swept when it grows, so memory stays bounded by
 * the clients active within a window.
 */
public final class FailedAttempts {
    private static final int SWEEP_ABOVE = 10_000;

    private final Clock clock;
    private final int limit;
    private final Duration window;
    private final Duration lockout;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    public FailedAttempts(Clock clock, int limit, Duration window, Duration lockout) {
        this.clock = clock;
        this.limit = limit;
        this.window = window;
        this.lockout = lockout;
    }

    /** Whether the client is locked out right now. */
    public boolean isLockedOut(String client) {
        Client c = clients.get(client);
        if (c == null) {
            return false;
        }
        synchronized (c) {
            return c.lockedUntil != null && clock.instant().isBefore(c.lockedUntil);
        }
    }

    /** Records a failure; returns whether the client is now locked out. */
    public boolean recordFailure(String client) {
        if (clients.size() > SWEEP_ABOVE) {
            sweep();
        }
        Instant now = clock.instant();
        Client c = clients.computeIfAbsent(client, k -> new Client());
        synchronized (c) {
            c.prune(now.minus(window));
            c.failures.addLast(now);
            if (c.failures.size() >= limit) {
                c.lockedUntil = now.plus(lockout);
                c.failures.clear();
            }
            return c.lockedUntil != null && now.isBefore(c.lockedUntil);
        }
    }

    private void sweep() {
        Instant now = clock.instant();
        clients.entrySet().removeIf(e -> {
            Client c = e.getValue();
            synchronized (c) {
                c.prune(now.minus(window));
                return c.failures.isEmpty() && (c.lockedUntil == null || !now.isBefore(c.lockedUntil));
            }
        });
    }

    private static final class Client {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant lockedUntil;

        void prune(Instant oldest) {
            while (!failures.isEmpty() && failures.peekFirst().isBefore(oldest)) {
                failures.removeFirst();
            }
        }
    }
}
