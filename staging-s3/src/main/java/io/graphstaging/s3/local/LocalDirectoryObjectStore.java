package io.graphstaging.s3.local;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.s3.spool.Spool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Serves {@code s3://bucket/key} from {@code <base>/bucket/key}: the embedded default and the
 * store for tests that do not need S3, with the same glob semantics as S3. Fetching puts a hard
 * link (a copy across file systems) in the graph's spool directory, so the graph's sandbox holds
 * for local objects too. Symbolic links are never followed, and every path is proven to stay
 * under the base directory.
 *
 * <p>The ETag is derived from size, modification time and file identity: an object rewritten in
 * place with the same size within the file system's timestamp resolution is not seen as changed.
 */
public final class LocalDirectoryObjectStore implements ObjectStore, AutoCloseable {
    private final Path base;
    private final Spool spool;

    /** @param base the directory holding one sub-directory per bucket; created when missing */
    public LocalDirectoryObjectStore(Path base, Spool spool) {
        try {
            Files.createDirectories(base);
            this.base = base.toRealPath();
        } catch (IOException e) {
            throw new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                    "Cannot open the object store directory " + base + ": " + e.getMessage(), e);
        }
        this.spool = spool;
    }

    @Override
    public List<ObjectInfo> resolve(ObjectPattern pattern) {
        if (pattern instanceof ObjectPattern.Glob glob) {
            return resolveGlob(glob);
        }
        return resolveList((ObjectPattern.UriList) pattern);
    }

    private List<ObjectInfo> resolveGlob(ObjectPattern.Glob glob) {
        Path bucketDir = bucketDirectory(glob.bucket());
        String prefix = glob.literalPrefix();
        // Walk only the deepest directory the literal prefix names.
        String prefixDir = prefix.contains("/") ? prefix.substring(0, prefix.lastIndexOf('/')) : "";
        Path start = prefixDir.isEmpty() ? bucketDir : underBase(bucketDir.resolve(prefixDir));
        List<ObjectInfo> found = new ArrayList<>();
        if (Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS) && isInsideBaseForReal(start)) {
            try (Stream<Path> files = Files.walk(start)) {
                files.forEach(file -> {
                    String key = keyOf(bucketDir, file);
                    if (key.startsWith(prefix) && glob.matches(key)) {
                        info(glob.bucket(), key, file).ifPresent(found::add);
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                throw new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                        "Cannot list " + glob.describe() + " in the object store directory: " + e.getMessage(), e);
            }
        }
        if (found.isEmpty()) {
            throw new StagingException(ErrorCode.OBJECT_NOT_FOUND, "No object matches " + glob.describe());
        }
        found.sort(Comparator.comparing(o -> o.uri().key()));
        return found;
    }

    private List<ObjectInfo> resolveList(ObjectPattern.UriList list) {
        List<ObjectInfo> found = new ArrayList<>();
        List<ObjectUri> missing = new ArrayList<>();
        for (ObjectUri uri : list.uris()) {
            head(uri).ifPresentOrElse(found::add, () -> missing.add(uri));
        }
        if (!missing.isEmpty()) {
            throw list.notFound(missing);
        }
        return found;
    }

    @Override
    public Optional<ObjectInfo> head(ObjectUri uri) {
        if (uri.key().endsWith("/") || uri.key().contains("//")) {
            return Optional.empty(); // no file has such a name
        }
        Path file = underBase(bucketDirectory(uri.bucket()).resolve(uri.key()));
        if (!isInsideBaseForReal(file.getParent())) {
            return Optional.empty();
        }
        return info(uri.bucket(), uri.key(), file);
    }

    private Optional<ObjectInfo> info(String bucket, String key, Path file) {
        ObjectUri uri;
        try {
            uri = new ObjectUri(bucket, key);
        } catch (StagingException invalidKey) {
            return Optional.empty(); // a file name no s3:// URI can name, e.g. with a control character
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new ObjectInfo(uri, attributes.size(), etag(attributes)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                    "Cannot read " + uri + " in the object store directory: " + e.getMessage(), e);
        }
    }

    private static String etag(BasicFileAttributes attributes) {
        Object identity = attributes.fileKey();
        return Long.toHexString(attributes.lastModifiedTime().toMillis()) + "-"
                + Long.toHexString(attributes.lastModifiedTime().toInstant().getNano()) + "-"
                + Long.toHexString(attributes.size()) + "-"
                + Integer.toHexString(identity == null ? 0 : identity.hashCode());
    }

    @Override
    public FetchedObjects fetch(GraphId graph, List<ObjectInfo> objects) {
        // Links and local copies are fast: run them on the caller's thread.
        return spool.fetch(graph, objects, this::linkOrCopy, Runnable::run);
    }

    private void linkOrCopy(ObjectInfo object, Path target) throws IOException {
        Path source = underBase(bucketDirectory(object.uri().bucket()).resolve(object.uri().key()));
        ObjectInfo current = head(object.uri()).orElseThrow(() -> new StagingException(ErrorCode.OBJECT_NOT_FOUND,
                "Object not found: " + object.uri() + " (it was removed after it was listed)"));
        if (!current.etag().equals(object.etag())) {
            throw new StagingException(ErrorCode.OBJECT_NOT_FOUND,
                    "Object " + object.uri() + " changed after it was listed; stage it again");
        }
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | FileSystemException e) {
            // Another file system, or no hard links there: copy instead.
            Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    @Override
    public void checkHealth() {
        if (!Files.isDirectory(base) || !Files.isReadable(base)) {
            throw new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                    "The object store directory " + base + " is not a readable directory");
        }
    }

    @Override
    public void close() {
        // Nothing to release: no threads, no connections.
    }

    private Path bucketDirectory(String bucket) {
        return underBase(base.resolve(bucket));
    }

    private static String keyOf(Path bucketDir, Path file) {
        Path relative = bucketDir.relativize(file);
        StringBuilder key = new StringBuilder();
        for (Path part : relative) {
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(part);
        }
        return key.toString();
    }

    /** Normalizes and proves the path stays under the base directory. */
    private Path underBase(Path path) {
        Path normalized = path.normalize();
        if (!normalized.startsWith(base)) {
            throw new StagingException(ErrorCode.INVALID_OBJECT_URI, "Object path escapes the object store directory");
        }
        return normalized;
    }

    /** Guards against a directory on the way being a symbolic link that points outside. */
    private boolean isInsideBaseForReal(Path directory) {
        try {
            return directory.toRealPath().startsWith(base);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                    "Cannot read the object store directory: " + e.getMessage(), e);
        }
    }
}
