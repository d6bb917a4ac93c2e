package io.graphstaging.core.testing;

import io.graphstaging.core.task.TaskStore;
import java.time.Duration;

class InMemoryTaskStoreTest extends TaskStoreContract {
    private final MutableClock clock = new MutableClock();
    private final InMemoryTaskStore store = new InMemoryTaskStore(clock);

    @Override
    protected TaskStore store() {
        return store;
    }

    @Override
    protected void advanceClock(Duration by) {
        clock.advance(by);
    }
}
