package io.graphstaging.core.testing;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FetchedObject;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ObjectStore} holding objects in memory, for core unit tests. Fetching writes each
 * object whole (temp file, then atomic move) under {@code <spool>/<graph_id>/}.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private record Stored(byte[] content, String etag) {}

    private final Path spool;
    private final Map<String, Stored> objects = new ConcurrentSkipListMap<>();
    private final AtomicInteger fetches = new AtomicInteger();

    public InMemoryObjectStore(Path spool) {
        this.spool = spool;
    }

    /** Stores (or replaces) an object, as an uploader would. */
    public void put(ObjectUri uri, byte[] content) {
        objects.put(uri.toString(), new Stored(content.clone(), sha256(content)));
    }

    public void delete(ObjectUri uri) {
        objects.remove(uri.toString());
    }

    /** How many objects were fetched so far. */
    public int fetchCount() {
        return fetches.get();
    }

    /** Where a graph's fetched files go. */
    public Path graphDirectory(GraphId graph) {
        return spool.resolve(graph.value());
    }

    @Override
    public List<ObjectInfo> resolve(ObjectPattern pattern) {
        if (pattern instanceof ObjectPattern.Glob glob) {
            String prefix = "s3://" + glob.bucket() + "/";
            List<ObjectInfo> found = new ArrayList<>();
            for (Map.Entry<String, Stored> e : objects.entrySet()) {
                if (e.getKey().startsWith(prefix + glob.literalPrefix())
                        && glob.matches(e.getKey().substring(prefix.length()))) {
                    found.add(info(ObjectUri.parse(e.getKey()), e.getValue()));
                }
            }
            if (found.isEmpty()) {
                throw new StagingException(ErrorCode.OBJECT_NOT_FOUND, "No object matches " + pattern.describe());
            }
            found.sort(Comparator.comparing(i -> i.uri().key()));
            return found;
        }
        ObjectPattern.UriList list = (ObjectPattern.UriList) pattern;
        List<ObjectInfo> listed = new ArrayList<>();
        List<ObjectUri> missing = new ArrayList<>();
        for (ObjectUri uri : list.uris()) {
            head(uri).ifPresentOrElse(listed::add, () -> missing.add(uri));
        }
        if (!missing.isEmpty()) {
            throw list.notFound(missing);
        }
        return listed;
    }

    @Override
    public Optional<ObjectInfo> head(ObjectUri uri) {
        Stored stored = objects.get(uri.toString());
        return stored == null ? Optional.empty() : Optional.of(info(uri, stored));
    }

    @Override
    public FetchedObjects fetch(GraphId graph, List<ObjectInfo> infos) {
        List<FetchedObject> fetched = new ArrayList<>();
        Path dir = graphDirectory(graph);
        for (ObjectInfo info : infos) {
            Stored stored = objects.get(info.uri().toString());
            if (stored == null) {
                throw new StagingException(ErrorCode.OBJECT_NOT_FOUND, "Object " + info.uri() + " no longer exists");
            }
            Path target = dir.resolve(sha256(info.uri().toString().getBytes(StandardCharsets.UTF_8)) + "-" + stored.etag());
            try {
                Files.createDirectories(dir);
                Path temp = Files.createTempFile(dir, ".partial-", ".tmp");
                Files.write(temp, stored.content());
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new StagingException(ErrorCode.OBJECT_STORE_FAILED, "Cannot write " + info.uri() + " to the spool", e);
            }
            fetches.incrementAndGet();
            fetched.add(new FetchedObject(info(info.uri(), stored), target));
        }
        return new FetchedObjects(fetched, () -> { });
    }

    @Override
    public void checkHealth() {
        // Memory is always reachable.
    }

    private static ObjectInfo info(ObjectUri uri, Stored stored) {
        return new ObjectInfo(uri, stored.content().length, stored.etag());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
