package io.graphstaging.tests.bench.s3;

import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import java.util.List;
import java.util.Optional;

/** Delegates to a store and adds up the time spent listing and fetching, to split a staging's wall time. */
final class TimedObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private long nanos;

    TimedObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    /** Seconds spent in resolve and fetch since the last call; resets the sum. */
    double takeSeconds() {
        double seconds = nanos / 1e9;
        nanos = 0;
        return seconds;
    }

    @Override
    public List<ObjectInfo> resolve(ObjectPattern pattern) {
        long start = System.nanoTime();
        try {
            return delegate.resolve(pattern);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    @Override
    public Optional<ObjectInfo> head(ObjectUri uri) {
        return delegate.head(uri);
    }

    @Override
    public FetchedObjects fetch(GraphId graph, List<ObjectInfo> objects) {
        long start = System.nanoTime();
        try {
            return delegate.fetch(graph, objects);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    @Override
    public void checkHealth() {
        delegate.checkHealth();
    }
}
