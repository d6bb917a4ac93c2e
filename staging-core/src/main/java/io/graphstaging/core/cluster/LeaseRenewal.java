package io.graphstaging.core.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews this node's graph leases every third of their term on one daemon thread, so that a
 * missed renewal or two (a slow registry) does not yet lose a lease. Nothing runs on a single node.
 */
public final class LeaseRenewal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewal.class);

    private final ScheduledExecutorService timer;

    public LeaseRenewal(GraphOwnership ownership) {
        if (!ownership.config().clustered()) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "graph-lease-renewal");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, ownership.config().leaseTerm().dividedBy(3).toMillis());
        timer.scheduleWithFixedDelay(() -> renew(ownership), period, period, TimeUnit.MILLISECONDS);
    }

    private static void renew(GraphOwnership ownership) {
        try {
            ownership.renewHeld();
        } catch (RuntimeException e) {
            // The next round tries again; a graph whose lease ran out meanwhile had its work stopped
            // (renewHeld) and is claimed anew, or refused, at its next write.
            LOG.warn("Renewing the graph leases failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
