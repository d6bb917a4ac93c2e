package io.graphstaging.tests.registry;

import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import java.util.List;
import java.util.Optional;

/** The real object store, with test code run just before each {@code fetch}. */
final class InterposingObjectStore implements ObjectStore {
    private final ObjectStore real;
    private final Runnable beforeFetch;

    InterposingObjectStore(ObjectStore real, Runnable beforeFetch) {
        this.real = real;
        this.beforeFetch = beforeFetch;
    }

    @Override
    public List<ObjectInfo> resolve(ObjectPattern pattern) {
        return real.resolve(pattern);
    }

    @Override
    public Optional<ObjectInfo> head(ObjectUri uri) {
        return real.head(uri);
    }

    @Override
    public FetchedObjects fetch(GraphId graph, List<ObjectInfo> objects) {
        beforeFetch.run();
        return real.fetch(graph, objects);
    }

    @Override
    public void checkHealth() {
        real.checkHealth();
    }
}
