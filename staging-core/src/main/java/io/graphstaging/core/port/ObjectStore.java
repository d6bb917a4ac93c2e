package io.graphstaging.core.port;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.TaskProgress;
import io.graphstaging.core.task.ProgressUnit;
import java.util.List;
import java.util.Optional;

/**
 * Where source objects live ({@code s3://bucket/key}). The only way bytes enter staging.
 * Implementations throw only {@link io.graphstaging.core.error.StagingException}: codes
 * {@code OBJECT_NOT_FOUND}, {@code OBJECT_STORE_ACCESS_DENIED} (the store refused the
 * credentials or the bucket; the message names the bucket, never a secret),
 * {@code OBJECT_STORE_FAILED} (unreachable, or still failing after bounded retries), and
 * {@code SHUTTING_DOWN} for a call on a store being closed.
 */
public interface ObjectStore {

    /**
     * Expands a pattern. A glob is listed from its literal prefix and matched on the key; the
     * result is sorted by key. A list keeps its order; each object is checked to exist.
     *
     * @throws io.graphstaging.core.error.StagingException {@code OBJECT_NOT_FOUND} naming the
     *         pattern when a glob matches nothing or a listed object does not exist
     */
    List<ObjectInfo> resolve(ObjectPattern pattern);

    /** Metadata of one object; empty when it does not exist. */
    Optional<ObjectInfo> head(ObjectUri uri);

    /**
     * Makes the objects readable on local disk, under a directory that belongs to the graph
     * alone (so the graph's sandbox can be limited to it). All or nothing: on failure no
     * partial file is left that could be taken for a whole one.
     *
     * @throws io.graphstaging.core.error.StagingException {@code OBJECT_NOT_FOUND} when an
     *         object vanished or changed since it was resolved (its ETag no longer matches),
     *         {@code OBJECT_STORE_ACCESS_DENIED} or {@code OBJECT_STORE_FAILED} otherwise
     */
    FetchedObjects fetch(GraphId graph, List<ObjectInfo> objects);

    /**
     * {@link #fetch(GraphId, List)} that can be stopped and reports as it goes: phase
     * {@code fetching} in {@code bytes} of the objects' total size. Cancelling aborts the
     * downloads and throws the cancellation's error; nothing fetched stays behind. This default,
     * for stores with nothing to abort, checks before and reports once at the end.
     */
    default FetchedObjects fetch(GraphId graph, List<ObjectInfo> objects, Cancellation cancellation,
                                 ProgressListener progress) {
        cancellation.throwIfCancelled();
        long total = objects.stream().mapToLong(ObjectInfo::sizeBytes).sum();
        progress.report(TaskProgress.of(ProgressPhase.FETCHING, 0, total, ProgressUnit.BYTES));
        FetchedObjects fetched = fetch(graph, objects);
        progress.report(TaskProgress.of(ProgressPhase.FETCHING, total, total, ProgressUnit.BYTES));
        return fetched;
    }

    /**
     * Throws {@code OBJECT_STORE_FAILED} when the store cannot be reached. For health checks.
     */
    void checkHealth();
}
