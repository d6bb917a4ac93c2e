package io.graphstaging.core.testing;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.snapshot.GraphSnapshotStore;
import java.util.List;

class InMemoryGraphSnapshotStoreTest extends GraphSnapshotStoreContract {
    private final InMemoryGraphSnapshotStore store = new InMemoryGraphSnapshotStore();

    @Override
    protected GraphSnapshotStore store() {
        return store;
    }

    @Override
    protected List<String> keys(GraphId graph) {
        return store.keys(graph);
    }

    @Override
    protected void corrupt(GraphId graph, String relativeKey) {
        store.corrupt(graph, relativeKey);
    }
}
