package io.graphstaging.core.testing;

import io.graphstaging.core.cluster.GraphLeases;
import java.time.Duration;

class InMemoryGraphLeasesTest extends GraphLeasesContract {
    private final MutableClock clock = new MutableClock();
    private final InMemoryGraphLeases leases = new InMemoryGraphLeases(clock);

    @Override
    protected GraphLeases leases() {
        return leases;
    }

    @Override
    protected void advanceClock(Duration by) {
        clock.advance(by);
    }
}
