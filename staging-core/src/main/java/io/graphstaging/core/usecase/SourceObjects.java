package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.FetchedObject;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.core.task.ProgressPhase;
import io.graphstaging.core.task.ProgressUnit;
import io.graphstaging.core.task.TaskProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** Resolves a pattern, fetches its objects and pairs each with its file id. */
final class SourceObjects {
    private final ObjectStore objects;

    SourceObjects(ObjectStore objects) {
        this.objects = objects;
    }

    /** Fetched files, in pattern order, and the lease that keeps them on disk. */
    record Fetched(FetchedObjects lease, List<SourceFile> files) implements AutoCloseable {
        @Override
        public void close() {
            lease.close();
        }
    }

    /** Lists ({@code listing}), then fetches ({@code fetching}, in bytes), stopping when cancelled. */
    Fetched fetch(GraphId graph, ObjectPattern pattern, Map<ObjectUri, FileId> fileIds, Cancellation cancellation,
                  ProgressListener progress) {
        requireMapFits(pattern, fileIds);
        progress.report(new TaskProgress(ProgressPhase.LISTING, 0, OptionalLong.empty(), ProgressUnit.OBJECTS));
        List<ObjectInfo> resolved = objects.resolve(pattern);
        progress.report(TaskProgress.of(ProgressPhase.LISTING, resolved.size(), resolved.size(), ProgressUnit.OBJECTS));
        cancellation.throwIfCancelled();
        FetchedObjects lease = objects.fetch(graph, resolved, cancellation, progress);
        List<SourceFile> files = new ArrayList<>();
        for (FetchedObject fetched : lease.objects()) {
            ObjectUri uri = fetched.info().uri();
            files.add(new SourceFile(uri, fetched.localPath(), Optional.ofNullable(fileIds.get(uri))));
        }
        return new Fetched(lease, files);
    }

    /**
     * Runs one engine step that stages {@code files} objects, reporting {@code staging} before
     * (none done) and after (all done): the engine gives no finer position.
     */
    static <T> T staging(int files, ProgressListener progress, Supplier<T> step) {
        progress.report(TaskProgress.of(ProgressPhase.STAGING, 0, files, ProgressUnit.OBJECTS));
        T result = step.get();
        progress.report(TaskProgress.of(ProgressPhase.STAGING, files, files, ProgressUnit.OBJECTS));
        return result;
    }

    private static void requireMapFits(ObjectPattern pattern, Map<ObjectUri, FileId> fileIds) {
        if (fileIds.isEmpty()) {
            return;
        }
        if (!(pattern instanceof ObjectPattern.UriList list)) {
            throw new StagingException(ErrorCode.INVALID_REQUEST,
                    "file_id_map can only be used with a list of objects, not with a glob");
        }
        for (ObjectUri uri : fileIds.keySet()) {
            if (!list.uris().contains(uri)) {
                throw new StagingException(ErrorCode.INVALID_REQUEST,
                        "file_id_map names " + uri + ", which is not in the list of objects");
            }
        }
    }
}
