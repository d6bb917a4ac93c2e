package io.graphstaging.ladybug.sink;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.binding.LadybugException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open database of each graph, {@code <dir>/<graph_id>.lbug}: opened on first use, closed
 * when idle. LadybugDB allows one read-write database per file per process, so each graph has at
 * most one open database; work on one graph is serialised on its lock, graphs run in parallel.
 *
 * <p><b>What an open database holds.</b> Its buffer pool, reserved from the server's
 * {@link MemoryBudget} while it is open, and {@code maxDbSize + bufferPool} of address space
 * (the engine maps both up front). The address space the sink allows itself is
 * {@link #ADDRESS_SPACE}, so at most {@link #maxOpenFor} databases are open at once.
 *
 * <p><b>Closing.</b> A database unused for the idle timeout is closed by a background sweep.
 * When memory or address space is short, idle databases are closed least recently used first
 * (this class registers itself as an idle releaser of the budget). A database in use, or with
 * work waiting on its lock, is never closed; the next use of a closed graph opens it again.
 */
final class GraphDatabases implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphDatabases.class);
    /**
     * Half of the 128 TiB a process has on x86-64 (47-bit user addresses): the rest stays for
     * the JVM, DuckDB and the C heap.
     */
    static final long ADDRESS_SPACE = 64L << 40;

    private final Path dir;
    private final DatabaseConfig config;
    private final MemoryBudget budget;
    private final Duration idleTimeout;
    private final Consumer<Connection> onOpen;
    private final Semaphore addressSpace;
    private final int maxOpen;
    private final ConcurrentHashMap<GraphId, Handle> handles = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;

    /** One graph's database; fields other than the lock and lastUsed are guarded by the lock. */
    private static final class Handle {
        final GraphId graph;
        final ReentrantLock lock = new ReentrantLock();
        volatile long lastUsedNanos = System.nanoTime();
        Database database;
        Connection connection;
        MemoryBudget.Reservation memory;
        boolean retired;

        Handle(GraphId graph) {
            this.graph = graph;
        }

        boolean isOpen() {
            return connection != null;
        }
    }

    /**
     * @param onOpen runs on a database's connection each time it opens, before any work (the
     *               sink cleans up what a killed process left there)
     */
    GraphDatabases(LadybugConfig config, MemoryBudget budget, Consumer<Connection> onOpen) {
        this(config.databaseDir(), databaseConfig(config), budget, config.idleTimeout(), maxOpenFor(config), onOpen);
    }

    GraphDatabases(Path dir, DatabaseConfig config, MemoryBudget budget, Duration idleTimeout, int maxOpen,
                   Consumer<Connection> onOpen) {
        this.dir = dir.toAbsolutePath().normalize();
        this.config = config;
        this.budget = budget;
        this.idleTimeout = idleTimeout;
        this.onOpen = onOpen;
        this.maxOpen = maxOpen;
        this.addressSpace = new Semaphore(maxOpen);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lbug-idle-closer");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, Math.min(idleTimeout.toMillis() / 4, 60_000));
        sweeper.scheduleWithFixedDelay(this::closeExpired, period, period, TimeUnit.MILLISECONDS);
        budget.addReleaser(this::releaseIdle);
    }

    static DatabaseConfig databaseConfig(LadybugConfig config) {
        return new DatabaseConfig(config.bufferPoolBytes(), config.maxThreads(), true, false, config.maxDbSizeBytes());
    }

    /** How many databases fit in {@link #ADDRESS_SPACE} at once (at least one). */
    static int maxOpenFor(LadybugConfig config) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                ADDRESS_SPACE / (config.maxDbSizeBytes() + config.bufferPoolBytes())));
    }

    /** Runs {@code work} on the graph's connection, creating the database file when missing. */
    <T> T write(GraphId graph, Function<Connection, T> work) {
        pathOf(graph);
        return run(graph, work);
    }

    /** Like {@link #write}, but empty (and nothing created) for a graph without a database file. */
    <T> Optional<T> readIfExists(GraphId graph, Function<Connection, T> work) {
        if (!handles.containsKey(graph) && !Files.exists(pathOf(graph))) {
            return Optional.empty();
        }
        return Optional.of(run(graph, work));
    }

    /**
     * Closes the graph's database, after the work on it, and deletes its files (the database and
     * the engine's files next to it, {@code <graph_id>.lbug.*}). Returns whether there was one.
     */
    boolean delete(GraphId graph) {
        Path path = pathOf(graph);
        while (true) {
            Handle handle = handles.computeIfAbsent(graph, Handle::new);
            handle.lock.lock();
            try {
                if (handle.retired) {
                    continue; // closed while we waited for it: take the graph's new handle
                }
                closeDatabase(handle, handle.isOpen());
                return deleteFiles(path);
            } finally {
                handle.lock.unlock();
            }
        }
    }

    /**
     * Copies the graph's files ({@code <graph_id>.lbug} and the engine's files next to it) into
     * {@code target}, after the work on it and with its database closed (so checkpointed), holding
     * the graph meanwhile; empty when the graph has no database file.
     */
    Optional<Map<String, Path>> copyTo(GraphId graph, Path target) {
        Path path = pathOf(graph);
        return held(graph, () -> {
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            Map<String, Path> copies = new TreeMap<>();
            try {
                for (Path file : filesOf(path)) {
                    Path copy = target.resolve(file.getFileName().toString());
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                    copies.put(file.getFileName().toString(), copy);
                }
            } catch (IOException e) {
                throw new StagingException(ErrorCode.GRAPH_FAILED,
                        "Cannot copy the graph database " + path.getFileName() + " for its snapshot: " + e.getMessage(), e);
            }
            return Optional.of(copies);
        });
    }

    /**
     * Replaces the graph's files with the files in {@code source} (each named {@code <graph_id>.lbug}
     * or {@code <graph_id>.lbug.*}), holding the graph, its database closed.
     */
    void install(GraphId graph, Path source) {
        Path path = pathOf(graph);
        String name = path.getFileName().toString();
        held(graph, () -> {
            try (var files = Files.list(source)) {
                List<Path> restored = files.toList();
                for (Path file : restored) {
                    String fileName = file.getFileName().toString();
                    if (!fileName.equals(name) && !fileName.startsWith(name + ".")) {
                        throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "Snapshot file " + fileName
                                + " is not a file of graph " + graph);
                    }
                }
                deleteFiles(path);
                Files.createDirectories(dir);
                for (Path file : restored) {
                    Files.move(file, dir.resolve(file.getFileName().toString()), StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException e) {
                throw new StagingException(ErrorCode.GRAPH_FAILED,
                        "Cannot install the restored graph database " + name + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    private List<Path> filesOf(Path path) throws IOException {
        String prefix = path.getFileName() + ".";
        List<Path> files = new ArrayList<>();
        files.add(path);
        try (var siblings = Files.list(dir)) {
            siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(files::add);
        }
        for (Path file : files) {
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new StagingException(ErrorCode.GRAPH_FAILED, "The graph database file " + file.getFileName()
                        + " is not a regular file: it cannot be snapshotted");
            }
        }
        return files;
    }

    /** Runs {@code work} holding the graph's lock, its database closed first (the engine checkpoints on close). */
    private <T> T held(GraphId graph, java.util.function.Supplier<T> work) {
        while (true) {
            ensureOpen();
            Handle handle = handles.computeIfAbsent(graph, Handle::new);
            handle.lock.lock();
            try {
                if (handle.retired) {
                    continue; // closed while we waited for it: take the graph's new handle
                }
                closeDatabase(handle, handle.isOpen());
                return work.get();
            } finally {
                handle.lock.unlock();
            }
        }
    }

    private boolean deleteFiles(Path path) {
        String prefix = path.getFileName() + ".";
        boolean existed = Files.exists(path);
        try {
            deleteTree(path);
            if (Files.isDirectory(dir)) {
                try (var siblings = Files.list(dir)) {
                    for (Path sibling : siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                        existed = true;
                        deleteTree(sibling);
                    }
                }
            }
        } catch (IOException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED,
                    "Cannot delete the graph database " + path.getFileName() + ": " + e.getMessage(), e);
        }
        return existed;
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }

    Path pathOf(GraphId graph) {
        Path path = dir.resolve(graph.value() + ".lbug").normalize();
        if (!path.getParent().equals(dir)) {
            throw new StagingException(ErrorCode.INVALID_GRAPH_ID, "Graph id " + graph + " does not name a file in the graph directory");
        }
        return path;
    }

    /** Databases open now. */
    int openCount() {
        return maxOpen - addressSpace.availablePermits();
    }

    private <T> T run(GraphId graph, Function<Connection, T> work) {
        while (true) {
            ensureOpen();
            Handle handle = handles.computeIfAbsent(graph, Handle::new);
            handle.lock.lock();
            try {
                if (handle.retired) {
                    continue; // closed while we waited for it: take the graph's new handle
                }
                ensureOpen();
                if (!handle.isOpen()) {
                    open(handle);
                }
                try {
                    return work.apply(handle.connection);
                } finally {
                    handle.lastUsedNanos = System.nanoTime();
                }
            } finally {
                handle.lock.unlock();
            }
        }
    }

    // Called with the handle's lock held. On failure the handle is retired, so nothing leaks.
    private void open(Handle handle) {
        boolean opened = false;
        boolean slot = false;
        try {
            slot = takeAddressSpace(handle.graph);
            handle.memory = budget.reserve("The graph database of graph " + handle.graph, config.bufferPoolBytes());
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StagingException(ErrorCode.GRAPH_FAILED,
                        "Cannot create the graph database directory: " + e.getMessage(), e);
            }
            try {
                handle.database = Database.open(pathOf(handle.graph), config);
                handle.connection = handle.database.connect();
                onOpen.accept(handle.connection);
            } catch (LadybugException e) {
                throw new StagingException(ErrorCode.GRAPH_FAILED,
                        "Cannot open the graph database of graph " + handle.graph + ": " + e.getMessage(), e);
            }
            opened = true;
        } finally {
            if (!opened) {
                closeDatabase(handle, slot);
            }
        }
    }

    private boolean takeAddressSpace(GraphId graph) {
        if (addressSpace.tryAcquire()) {
            return true;
        }
        closeIdle(1, Long.MAX_VALUE);
        if (addressSpace.tryAcquire()) {
            return true;
        }
        throw new StagingException(ErrorCode.MEMORY_BUDGET_EXHAUSTED, "Cannot open the graph database of graph " + graph
                + ": " + maxOpen + " graph databases are open and in use, as many as fit in the address space at "
                + LadybugConfig.MAX_DB_SIZE + "=" + ByteSize.ofBytes(config.maxDbSizeBytes()) + " each. Try again later.");
    }

    /** The budget's releaser: closes idle databases until about {@code bytes} of buffer pools are freed. */
    private void releaseIdle(long bytes) {
        long count = (bytes + config.bufferPoolBytes() - 1) / Math.max(1, config.bufferPoolBytes());
        closeIdle((int) Math.min(Integer.MAX_VALUE, Math.max(1, count)), Long.MAX_VALUE);
    }

    private void closeExpired() {
        try {
            closeIdle(Integer.MAX_VALUE, idleTimeout.toNanos());
        } catch (RuntimeException e) {
            LOG.warn("Closing idle graph databases failed: {}", e.getMessage());
        }
    }

    /**
     * Closes up to {@code count} open databases unused for at least {@code minIdleNanos}, least
     * recently used first, skipping any that is in use or that this thread holds (it never waits
     * for a lock: the caller may hold another graph's).
     */
    private int closeIdle(int count, long minIdleNanos) {
        long now = System.nanoTime();
        List<Handle> candidates = new ArrayList<>(handles.values());
        candidates.sort(Comparator.comparingLong(h -> h.lastUsedNanos));
        Predicate<Handle> idleLongEnough = h -> minIdleNanos == Long.MAX_VALUE || now - h.lastUsedNanos >= minIdleNanos;
        int closedCount = 0;
        for (Handle handle : candidates) {
            if (closedCount >= count) {
                break;
            }
            if (!idleLongEnough.test(handle) || handle.lock.isHeldByCurrentThread() || handle.lock.hasQueuedThreads()
                    || !handle.lock.tryLock()) {
                continue;
            }
            try {
                if (!handle.retired && handle.isOpen() && idleLongEnough.test(handle)) {
                    LOG.debug("Closing the idle graph database of graph {}", handle.graph);
                    closedCount++;
                    closeDatabase(handle, true);
                }
            } catch (LadybugException e) {
                // Its memory and address space are given back all the same; the caller wanted room, not this error.
                LOG.warn("Closing the idle graph database of graph {} failed: {}", handle.graph, e.getMessage());
            } finally {
                handle.lock.unlock();
            }
        }
        return closedCount;
    }

    // With the handle's lock held: closes what is open, gives back memory and address space, and
    // retires the handle so that waiting callers take a new one.
    private void closeDatabase(Handle handle, boolean releaseSlot) {
        handle.retired = true;
        handles.remove(handle.graph, handle);
        try {
            if (handle.database != null) {
                handle.database.close();
            }
        } finally {
            handle.database = null;
            handle.connection = null;
            if (handle.memory != null) {
                handle.memory.close();
                handle.memory = null;
            }
            if (releaseSlot) {
                addressSpace.release();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "The graph databases are closed");
        }
    }

    /** Closes every open database, waiting for work in progress on each. */
    @Override
    public void close() {
        closed = true;
        sweeper.shutdownNow();
        List<String> failures = new ArrayList<>();
        for (Handle handle : List.copyOf(handles.values())) {
            handle.lock.lock();
            try {
                if (!handle.retired) {
                    closeDatabase(handle, handle.isOpen());
                }
            } catch (LadybugException e) {
                failures.add(handle.graph + ": " + e.getMessage());
            } finally {
                handle.lock.unlock();
            }
        }
        if (!failures.isEmpty()) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "Closing graph databases failed: " + String.join("; ", failures));
        }
    }
}
