package io.graphstaging.s3.spool;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FetchedObject;
import io.graphstaging.core.model.FetchedObjects;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectInfo;
import io.graphstaging.core.model.SpoolDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local copies of objects, one directory per graph ({@code <root>/<graph_id>/}), so that a
 * graph's DuckDB instance can be allowed that directory alone. A copy is named by a hash of
 * bucket, key and ETag ({@code <root>/<graph_id>/<bucket>/<sha256>.<ext>}): key text never
 * becomes a path, and a changed object (new ETag) gets a new file. Files are written under a
 * temporary name and renamed when complete, so a whole-looking file is always whole.
 *
 * <p>The total size is capped: least recently used files that no open {@link FetchedObjects}
 * holds are deleted to make room. Files held by running operations are never deleted, so the
 * cap can be exceeded while they run. Files left by an earlier process are adopted at start;
 * its temporary files are deleted.
 */
public final class Spool {
    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String TEMP_DIR = ".tmp";
    private static final Pattern EXTENSION = Pattern.compile("\\.[A-Za-z0-9]{1,16}$");

    private final SpoolDirectory directory;
    private final Path root;
    private final long maxBytes;
    private final Map<Path, Entry> entries = new HashMap<>();
    private long totalBytes;
    private long clock;

    /** One spooled object. Fields other than the fill lock are guarded by the spool. */
    private static final class Entry {
        final Path path;
        final Object fillLock = new Object();
        long size;
        long lastUsed;
        int holds;
        boolean present;

        Entry(Path path) {
            this.path = path;
        }
    }

    /**
     * @param directory where each graph's copies go (the contract shared with the staging store);
     *                  its root is created when missing
     * @param maxBytes size above which unheld files are evicted, least recently used first
     */
    public Spool(SpoolDirectory directory, long maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.directory = directory;
        this.root = directory.root();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                    "Cannot create the spool directory: " + e.getMessage(), e);
        }
        this.maxBytes = maxBytes;
        adoptExistingFiles();
    }

    /** The directory holding this graph's copies (it may not exist yet). */
    public Path graphDirectory(GraphId graph) {
        return directory.of(graph);
    }

    /** Bytes of all complete files the spool knows. */
    public synchronized long sizeBytes() {
        return totalBytes;
    }

    /**
     * Makes each object present in the graph's directory, filling the missing ones through
     * {@code filler} on {@code executor}, and holds them until the returned lease is closed.
     * All or nothing: when one object fails, the others still running finish, every hold is
     * released, no temporary file remains, and the first failure is thrown.
     */
    public FetchedObjects fetch(GraphId graph, List<ObjectInfo> objects, SpoolFiller filler, Executor executor) {
        AtomicBoolean failed = new AtomicBoolean();
        List<CompletableFuture<Entry>> pending = new ArrayList<>(objects.size());
        for (ObjectInfo object : objects) {
            try {
                pending.add(CompletableFuture.supplyAsync(() -> {
                    if (failed.get()) {
                        return null; // another object already failed: do not start more work
                    }
                    try {
                        return acquire(graph, object, filler);
                    } catch (RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                }, executor));
            } catch (RejectedExecutionException e) {
                failed.set(true);
                pending.add(CompletableFuture.failedFuture(new StagingException(ErrorCode.SHUTTING_DOWN,
                        "The object store is shutting down; " + object.uri() + " was not fetched")));
                break;
            }
        }
        List<Entry> held = new ArrayList<>(objects.size());
        RuntimeException firstFailure = null;
        boolean interrupted = false;
        // Wait for every task, even after a failure, so nothing writes to the spool after we return.
        for (CompletableFuture<Entry> future : pending) {
            while (true) {
                try {
                    Entry entry = future.get();
                    if (entry != null) {
                        held.add(entry);
                    }
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    failed.set(true);
                    if (firstFailure == null) {
                        firstFailure = new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                                "Fetching objects for graph " + graph + " was interrupted");
                    }
                } catch (ExecutionException e) {
                    if (firstFailure == null) {
                        firstFailure = asStagingException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (firstFailure != null) {
            release(held);
            throw firstFailure;
        }
        List<FetchedObject> fetched = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            fetched.add(new FetchedObject(objects.get(i), held.get(i).path));
        }
        return new FetchedObjects(fetched, () -> release(held));
    }

    private static RuntimeException asStagingException(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        return new StagingException(ErrorCode.OBJECT_STORE_FAILED, "Fetching objects failed: " + cause, cause);
    }

    private Entry acquire(GraphId graph, ObjectInfo object, SpoolFiller filler) {
        Path target = entryPath(graph, object);
        Entry entry;
        synchronized (this) {
            entry = entries.computeIfAbsent(target, Entry::new);
            entry.holds++;
            entry.lastUsed = ++clock;
        }
        boolean ok = false;
        try {
            // One filler per entry: a second operation wanting the same object waits, then reuses it.
            synchronized (entry.fillLock) {
                if (!isPresentOnDisk(entry, object)) {
                    fill(graph, object, filler, entry);
                }
            }
            ok = true;
            return entry;
        } finally {
            if (!ok) {
                release(List.of(entry));
            }
        }
    }

    /** Whether the entry's file is there and whole; forgets it when someone deleted it. */
    private boolean isPresentOnDisk(Entry entry, ObjectInfo object) {
        synchronized (this) {
            if (!entry.present) {
                return false;
            }
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry.path, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (attributes.isRegularFile() && attributes.size() == object.sizeBytes()) {
                return true;
            }
        } catch (IOException e) {
            // Deleted behind our back (a graph cleanup, an operator): fetch it again.
            LOG.debug("Spool file {} is gone, fetching it again", entry.path);
        }
        synchronized (this) {
            if (entry.present) {
                entry.present = false;
                totalBytes -= entry.size;
            }
        }
        return false;
    }

    private void fill(GraphId graph, ObjectInfo object, SpoolFiller filler, Entry entry) {
        makeRoom(object.sizeBytes());
        Path tempDir = requireUnderRoot(graphDirectory(graph).resolve(TEMP_DIR));
        Path temp = tempDir.resolve(UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(tempDir);
            Files.createDirectories(entry.path.getParent());
            filler.fill(object, temp);
            long size = Files.size(temp);
            if (size != object.sizeBytes()) {
                throw new StagingException(ErrorCode.OBJECT_STORE_FAILED, "Received " + size + " bytes of "
                        + object.uri() + " where " + object.sizeBytes() + " were listed; it may have changed");
            }
            moveIntoPlace(temp, entry.path);
            synchronized (this) {
                entry.present = true;
                entry.size = size;
                totalBytes += size;
            }
        } catch (IOException e) {
            if (DiskFull.in(e).isPresent()) {
                throw new StagingException(ErrorCode.STORAGE_FULL, "The spool directory (" + SpoolDirectory.SETTING
                        + ") is full: the local copy of " + object.uri() + " (" + object.sizeBytes()
                        + " bytes) could not be written. Free space there, or lower STAGING_SPOOL_MAX_BYTES below it.", e);
            }
            throw new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                    "Could not write the local copy of " + object.uri() + ": " + withoutPath(e), e);
        } finally {
            deleteQuietlyLogged(temp);
        }
        makeRoom(0);
    }

    /** What went wrong, without the spool's absolute paths (answers never show them). */
    private static String withoutPath(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return e.getClass().getSimpleName() + ": " + fs.getReason();
        }
        return e.getClass().getSimpleName();
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory tree, so this should not happen; never fall back to a non-atomic move.
            throw new IOException("the spool's file system cannot rename atomically", e);
        }
    }

    private static void deleteQuietlyLogged(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not delete temporary spool file {}: {}", path, e.getMessage());
        }
    }

    private void release(List<Entry> held) {
        synchronized (this) {
            for (Entry entry : held) {
                entry.holds--;
                if (entry.holds == 0 && !entry.present) {
                    entries.remove(entry.path);
                }
            }
        }
        makeRoom(0);
    }

    /** Evicts unheld files, least recently used first, until {@code incoming} more bytes fit. */
    private synchronized void makeRoom(long incoming) {
        if (totalBytes + incoming <= maxBytes) {
            return;
        }
        List<Entry> candidates = entries.values().stream()
                .filter(e -> e.present && e.holds == 0)
                .sorted(Comparator.comparingLong(e -> e.lastUsed))
                .toList();
        for (Entry entry : candidates) {
            if (totalBytes + incoming <= maxBytes) {
                break;
            }
            try {
                Files.deleteIfExists(entry.path);
            } catch (IOException e) {
                LOG.warn("Could not evict spool file {}: {}", entry.path, e.getMessage());
                continue;
            }
            entry.present = false;
            totalBytes -= entry.size;
            entries.remove(entry.path);
        }
        if (totalBytes + incoming > maxBytes) {
            LOG.warn("Spool holds {} bytes, above its cap of {}: the files are in use", totalBytes + incoming, maxBytes);
        }
    }

    /** {@code <root>/<graph>/<bucket>/<sha256(key, etag)>[.ext]}, proven to stay under the root. */
    Path entryPath(GraphId graph, ObjectInfo object) {
        String key = object.uri().key();
        String name = sha256(object.uri().bucket() + "\u0000" + key + "\u0000" + object.etag());
        var extension = EXTENSION.matcher(key.substring(key.lastIndexOf('/') + 1));
        if (extension.find()) {
            name += extension.group();
        }
        // The bucket is validated by ObjectUri (lowercase letters, digits, '.', '-', no "..").
        return requireUnderRoot(graphDirectory(graph).resolve(object.uri().bucket()).resolve(name));
    }

    private Path requireUnderRoot(Path path) {
        Path normalized = path.normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new StagingException(ErrorCode.INTERNAL, "Spool path escapes the spool directory");
        }
        return normalized;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Takes over complete files of an earlier run (oldest first in LRU order); drops its temp files. */
    private void adoptExistingFiles() {
        List<Map.Entry<Path, BasicFileAttributes>> found = new ArrayList<>();
        try (DirectoryStream<Path> graphs = Files.newDirectoryStream(root)) {
            for (Path graphDir : graphs) {
                if (!Files.isDirectory(graphDir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(graphDir)) {
                    files.forEach(file -> {
                        try {
                            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                                    LinkOption.NOFOLLOW_LINKS);
                            if (!attributes.isRegularFile()) {
                                return;
                            }
                            if (file.getParent().getFileName().toString().equals(TEMP_DIR)) {
                                Files.deleteIfExists(file);
                            } else {
                                found.add(Map.entry(file, attributes));
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new StagingException(ErrorCode.OBJECT_STORE_FAILED,
                    "Cannot read the spool directory " + root + ": " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(f -> f.getValue().lastModifiedTime()));
        synchronized (this) {
            for (Map.Entry<Path, BasicFileAttributes> file : found) {
                Entry entry = new Entry(file.getKey());
                entry.present = true;
                entry.size = file.getValue().size();
                entry.lastUsed = ++clock;
                entries.put(entry.path, entry);
                totalBytes += entry.size;
            }
        }
        makeRoom(0);
    }
}
