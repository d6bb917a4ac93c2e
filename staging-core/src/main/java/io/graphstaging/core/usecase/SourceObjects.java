package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FetchedObject;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.port.ObjectStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    Fetched fetch(GraphId graph, ObjectPattern pattern, Map<ObjectUri, FileId> fileIds) {
        requireMapFits(pattern, fileIds);
        List<ObjectInfo> resolved = objects.resolve(pattern);
        FetchedObjects lease = objects.fetch(graph, resolved);
        List<SourceFile> files = new ArrayList<>();
        for (FetchedObject fetched : lease.objects()) {
            ObjectUri uri = fetched.info().uri();
            files.add(new SourceFile(uri, fetched.localPath(), Optional.ofNullable(fileIds.get(uri))));
        }
        return new Fetched(lease, files);
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
