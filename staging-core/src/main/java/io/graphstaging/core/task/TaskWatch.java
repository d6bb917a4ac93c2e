package io.graphstaging.core.task;

/** A watch on one task of this process ({@link TaskRunner#watch}); closing it stops the calls. */
@FunctionalInterface
public interface TaskWatch extends AutoCloseable {
    /** Stops telling the watcher; idempotent. */
    @Override
    void close();
}
