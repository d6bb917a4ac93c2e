package io.graphstaging.core.model;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Objects fetched for one operation. While open, the object store keeps the local files
 * (its spool may not evict them); closing releases them. Close is idempotent.
 */
public final class FetchedObjects implements AutoCloseable {
    private final List<FetchedObject> objects;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    public FetchedObjects(List<FetchedObject> objects, Runnable release) {
        this.objects = List.copyOf(objects);
        this.release = release;
    }

    /** In the order they were asked for. */
    public List<FetchedObject> objects() {
        return objects;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
