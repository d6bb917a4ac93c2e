package io.graphstaging.duckdb.pool;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-graph DuckDB connections. Each graph has one database instance (its file), opened by
 * {@link GraphSandbox} with the graph's spool and export directories as the only files it may
 * touch, and the configured {@code threads} and {@code memory_limit}; at most
 * {@code maxConnectionsPerDb} connections of a graph are checked out at once, each by one
 * caller. Idle connections are health-checked on checkout and closed after their TTL.
 *
 * <p>Memory: an open instance holds its memory limit reserved from the server's
 * {@link MemoryBudget}. When the budget is short, the pool closes its idle instances, least
 * recently used first; instances idle for a TTL close anyway.
 *
 * <p>Closing: a graph's database closes when it is idle, when it is removed, or when the pool
 * shuts down. The last two stop the statements that registered with
 * {@link PooledConnection#onDatabaseClosing} (user queries), so a stuck query cannot hold a
 * graph or the shutdown.
 */
public final class DuckDbConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbConnectionPool.class);

    private final DuckDbConfig config;
    private final GraphPaths paths;
    private final MemoryBudget budget;
    private final Clock clock;
    private final EngineProbe probe = new EngineProbe();
    private final Map<GraphId, GraphDatabase> databases = new HashMap<>(); // guarded by this
    /** Graphs whose database is being removed: nothing opens them meanwhile. */
    private final Set<GraphId> removing = new HashSet<>(); // guarded by this
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong healthChecks = new AtomicLong();
    private final AtomicLong healthFailures = new AtomicLong();
    private final AtomicLong cleaned = new AtomicLong();
    private ScheduledExecutorService cleaner; // guarded by this
    private boolean shutDown; // guarded by this

    /** A pool whose open databases reserve their memory limit from {@code budget}. */
    public DuckDbConnectionPool(DuckDbConfig config, SpoolDirectory spool, MemoryBudget budget, Clock clock) {
        this.config = config;
        this.paths = new GraphPaths(config, spool);
        this.budget = budget;
        this.clock = clock;
        budget.addReleaser(this::closeIdle);
    }

    /** A pool that answers to no server-wide budget (tools and tests with one pool). */
    public DuckDbConnectionPool(DuckDbConfig config, SpoolDirectory spool, Clock clock) {
        this(config, spool, MemoryBudget.unlimited(), clock);
    }

    public GraphPaths paths() {
        return paths;
    }

    /** Starts closing expired connections every cleanup interval, on one daemon thread. */
    public synchronized void startPeriodicCleanup() {
        if (cleaner == null && !shutDown) {
            cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "duckdb-pool-cleanup");
                t.setDaemon(true);
                return t;
            });
            long millis = config.cleanupInterval().toMillis();
            cleaner.scheduleWithFixedDelay(this::cleanupExpiredLogged, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the graph has a database on disk (or open). Never creates one. */
    public boolean databaseExists(GraphId graph) {
        synchronized (this) {
            if (databases.containsKey(graph)) {
                return true;
            }
        }
        return Files.exists(paths.database(graph));
    }

    /** Checks out a connection of the graph, creating its database when missing. */
    public PooledConnection acquire(GraphId graph) {
        return checkout(graph, true).orElseThrow();
    }

    /** Checks out a connection when the graph has a database; creates nothing. */
    public Optional<PooledConnection> acquireIfExists(GraphId graph) {
        return checkout(graph, false);
    }

    private Optional<PooledConnection> checkout(GraphId graph, boolean create) {
        while (true) {
            GraphDatabase db = database(graph, create);
            if (db == null) {
                return Optional.empty();
            }
            if (db.isInvalid()) {
                // The engine gave up on this instance: close it (its callers fail fast) and open the file again.
                closeWhenFree(db);
                continue;
            }
            acquirePermits(db, 1, "a connection", deadlineAfter(config.poolWait()));
            if (db.isClosed()) {
                // Closed while we waited: open it again.
                db.permits().release();
                continue;
            }
            try {
                return Optional.of(takeHealthy(db));
            } catch (RuntimeException e) {
                db.permits().release();
                throw e;
            }
        }
    }

    private static long deadlineAfter(Duration wait) {
        return System.nanoTime() + wait.toNanos();
    }

    private void acquirePermits(GraphDatabase db, int count, String what, long deadline) {
        try {
            long remaining = Math.max(0, deadline - System.nanoTime());
            if (!db.permits().tryAcquire(count, remaining, TimeUnit.NANOSECONDS)) {
                throw new StagingException(ErrorCode.POOL_EXHAUSTED, "Timed out after " + config.poolWait().toSeconds()
                        + " s waiting for " + what + " of graph " + db.graph() + " (limit "
                        + config.maxConnectionsPerDb() + " per graph, DUCKDB_MAX_CONNECTIONS_PER_DB)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "Interrupted while waiting for " + what + " of graph "
                    + db.graph(), e);
        }
    }

    private PooledConnection takeHealthy(GraphDatabase db) {
        Instant now = clock.instant();
        while (true) {
            GraphDatabase.Idle idle = db.pollIdle();
            if (idle == null) {
                try {
                    Connection fresh = db.root().duplicate();
                    created.incrementAndGet();
                    db.checkedOut(now);
                    return new PooledConnection(this, db, fresh, now);
                } catch (SQLException e) {
                    noteEngineFailure(db, e);
                    throw DuckDbErrors.internal("opening a connection to graph " + db.graph(), e);
                }
            }
            if (isExpired(idle.createdAt(), now)) {
                closeQuietly(idle.connection(), "expired");
                continue;
            }
            if (passesHealthCheck(db, idle.connection())) {
                reused.incrementAndGet();
                db.checkedOut(now);
                return new PooledConnection(this, db, idle.connection(), idle.createdAt());
            }
            closeQuietly(idle.connection(), "failed its health check");
        }
    }

    private boolean passesHealthCheck(GraphDatabase db, Connection connection) {
        healthChecks.incrementAndGet();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            if (rs.next() && rs.getInt(1) == 1) {
                return true;
            }
        } catch (SQLException e) {
            LOG.warn("DuckDB connection of graph {} failed its health check: {}", db.graph(), DuckDbErrors.firstLine(e));
            noteEngineFailure(db, e);
        }
        healthFailures.incrementAndGet();
        return false;
    }

    /**
     * Invalidates the graph's database when the engine says it can no longer be used (after a
     * fatal error, such as a checkpoint that failed on a full disk, every statement fails until
     * the instance is opened again).
     */
    private void noteEngineFailure(GraphDatabase db, SQLException e) {
        if (DuckDbErrors.isDatabaseInvalidated(e)) {
            db.invalidate(DuckDbErrors.firstLine(e).replace(paths.baseDirectory().toString(), "DUCKDB_STAGING_DIR"));
        }
    }

    private boolean isExpired(Instant createdAt, Instant now) {
        return !createdAt.plus(config.connectionTtl()).isAfter(now);
    }

    /**
     * Gives a connection back; a broken, discarded or expired one is closed instead of kept, and
     * an invalidated database is closed once nobody uses it, so the next caller opens it afresh.
     */
    void release(PooledConnection pooled) {
        GraphDatabase db = pooled.database();
        Connection connection = pooled.connection();
        Instant now = clock.instant();
        boolean keep = !pooled.discarded() && !isExpired(pooled.createdAt(), now) && resetForReuse(connection);
        try {
            boolean kept = keep ? db.returnIdle(new GraphDatabase.Idle(connection, pooled.createdAt()), now)
                    : db.returnIdle(null, now);
            if (!kept) {
                closeQuietly(connection, keep ? "its database was closed or invalidated" : "it was expired, discarded or broken");
            }
        } finally {
            db.permits().release();
        }
        if (db.isInvalid() && closeIfIdle(db)) {
            LOG.warn("Closed the staging database of graph {} after a fatal engine error; the next use reopens it",
                    db.graph());
        }
    }

    private static boolean resetForReuse(Connection connection) {
        try {
            if (connection.isClosed()) {
                return false;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            return true;
        } catch (SQLException e) {
            LOG.warn("Dropping a DuckDB connection that could not be reset: {}", DuckDbErrors.firstLine(e));
            return false;
        }
    }

    private void closeQuietly(Connection connection, String why) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The connection is being dropped either way; the failure is only worth a log line.
            LOG.warn("Closing a DuckDB connection that {} failed: {}", why, DuckDbErrors.firstLine(e));
        }
        closed.incrementAndGet();
    }

    /**
     * The graph's database, opened by this caller or by the one that came first; null when it
     * does not exist and must not be made. Opening happens outside the pool's lock: it may wait
     * for memory, and other graphs must not wait with it.
     */
    private GraphDatabase database(GraphId graph, boolean create) {
        GraphDatabase db;
        boolean opener = false;
        synchronized (this) {
            if (shutDown) {
                throw new StagingException(ErrorCode.SHUTTING_DOWN, "The staging store is shutting down");
            }
            if (removing.contains(graph)) {
                if (!create) {
                    return null;
                }
                throw new StagingException(ErrorCode.TABLE_BUSY, "The staging database of graph " + graph
                        + " is being removed; try again later");
            }
            db = databases.get(graph);
            if (db == null) {
                Path file = paths.database(graph);
                if (!create && !Files.exists(file)) {
                    return null;
                }
                db = new GraphDatabase(graph, file, config.maxConnectionsPerDb(), clock.instant());
                databases.put(graph, db);
                opener = true;
            }
        }
        if (!opener) {
            db.awaitOpen();
            return db;
        }
        try {
            open(db);
            return db;
        } catch (RuntimeException e) {
            synchronized (this) {
                databases.remove(graph, db);
            }
            db.failedToOpen(e);
            throw e;
        }
    }

    private void open(GraphDatabase db) {
        GraphId graph = db.graph();
        MemoryBudget.Reservation reservation = budget.reserve("The staging database of graph " + graph
                + " (DUCKDB_MEMORY_LIMIT)", config.memoryLimit().bytes());
        try {
            Path spool;
            Path exports;
            try {
                Files.createDirectories(paths.baseDirectory());
                // Real paths: DuckDB compares allowed directories as text, so symlinks must be resolved.
                spool = Files.createDirectories(paths.spool(graph)).toRealPath();
                exports = Files.createDirectories(paths.exports(graph)).toRealPath();
            } catch (IOException e) {
                throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot create the directories of graph " + graph
                        + ": " + e.getClass().getSimpleName(), e);
            }
            DuckDBConnection root = GraphSandbox.openGraph(db.file(), List.of(spool, exports), config.threads(),
                    config.memoryLimit());
            db.opened(root, reservation);
        } catch (RuntimeException e) {
            reservation.close();
            throw e;
        }
    }

    /**
     * The budget's releaser: closes idle databases, least recently used first, until about
     * {@code bytes} are given back. Never waits: a database someone uses is skipped.
     */
    private void closeIdle(long bytes) {
        List<GraphDatabase> candidates;
        synchronized (this) {
            candidates = new ArrayList<>(databases.values());
        }
        candidates.sort(Comparator.comparing(GraphDatabase::lastUsed));
        long freed = 0;
        for (GraphDatabase db : candidates) {
            if (freed >= bytes) {
                break;
            }
            long reserved = db.reservedBytes();
            if (closeIfIdle(db)) {
                freed += reserved;
            }
        }
    }

    /** Waits (up to the pool wait) until nobody holds a connection of the database, then closes it. */
    private void closeWhenFree(GraphDatabase db) {
        acquirePermits(db, config.maxConnectionsPerDb(), "every connection", deadlineAfter(config.poolWait()));
        closeHeld(db, false);
    }

    /** Closes the database when nobody holds or waits for one of its connections; never waits. */
    private boolean closeIfIdle(GraphDatabase db) {
        if (!db.isOpen() || db.inUse() > 0 || !db.permits().tryAcquire(config.maxConnectionsPerDb())) {
            return false;
        }
        closeHeld(db, false);
        return true;
    }

    public PoolStats stats() {
        Map<String, PoolStats.DatabasePool> pools = new HashMap<>();
        int total = 0;
        synchronized (this) {
            for (GraphDatabase db : databases.values()) {
                int inUse = db.inUse();
                int idle = db.idleCount();
                total += inUse + idle;
                pools.put(db.graph().value(), new PoolStats.DatabasePool(inUse + idle, inUse, idle,
                        paths.baseDirectory().relativize(db.file()).toString()));
            }
        }
        return new PoolStats(total, databasesOnDisk(), pools,
                new PoolStats.Counters(created.get(), reused.get(), closed.get(), healthChecks.get(),
                        healthFailures.get(), cleaned.get()),
                new PoolStats.Configuration(config.maxConnectionsPerDb(), config.connectionTtl().toMinutes(),
                        paths.baseDirectory().toString(), config.threads(), config.memoryLimit().toString()));
    }

    private int databasesOnDisk() {
        if (!Files.isDirectory(paths.baseDirectory())) {
            return 0;
        }
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(paths.baseDirectory(), "*.duckdb")) {
            for (Path ignored : files) {
                count++;
            }
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot list the staging directory (DUCKDB_STAGING_DIR): "
                    + e.getClass().getSimpleName(), e);
        }
        return count;
    }

    /** Graphs whose database is open now. */
    public synchronized int openDatabases() {
        return databases.size();
    }

    public boolean hasActiveConnections(GraphId graph) {
        GraphDatabase db = databaseOf(graph);
        return db != null && db.inUse() > 0;
    }

    /** The graph's database in the pool (open, opening or closing), or null. */
    private synchronized GraphDatabase databaseOf(GraphId graph) {
        return databases.get(graph);
    }

    /**
     * Waits (up to the pool wait) until no caller holds a connection of the graph, then closes
     * its connections and its database instance. The file stays.
     */
    public void closeDatabaseConnections(GraphId graph) {
        GraphDatabase db = databaseOf(graph);
        if (db != null) {
            db.awaitOpen();
            closeWhenFree(db);
        }
    }

    /**
     * Stops the statements running on the database (see {@link PooledConnection#onDatabaseClosing}),
     * waits until {@code deadline} for its connections, then closes it.
     */
    private void stopAndClose(GraphDatabase db, ErrorCode code, String reason, boolean checkpoint, long deadline) {
        db.closing().cancel(code, reason);
        db.awaitOpen();
        acquirePermits(db, config.maxConnectionsPerDb(), "every connection", deadline);
        closeHeld(db, checkpoint);
    }

    /** Closes a database whose permits the caller holds all of (unless another closed it first); gives them back. */
    private void closeHeld(GraphDatabase db, boolean checkpoint) {
        try {
            if (db.isClosed()) {
                return;
            }
            for (GraphDatabase.Idle idle : db.markClosed()) {
                closeQuietly(idle.connection(), "belongs to a closing database");
            }
            DuckDBConnection root = db.root();
            if (root != null) {
                if (checkpoint) {
                    try (Statement s = root.createStatement()) {
                        s.execute("CHECKPOINT");
                    } catch (SQLException e) {
                        LOG.warn("Checkpoint of graph {} failed on shutdown: {}", db.graph(), DuckDbErrors.firstLine(e));
                    }
                }
                closeRoot(root);
            }
            db.releaseReservation();
            // Only now may a new instance open the file: callers that found this one retry once it is closed.
            synchronized (this) {
                databases.remove(db.graph(), db);
            }
        } finally {
            db.permits().release(config.maxConnectionsPerDb());
        }
    }

    private static void closeRoot(Connection root) {
        try {
            root.close();
        } catch (SQLException e) {
            LOG.warn("Closing a DuckDB database failed: {}", DuckDbErrors.firstLine(e));
        }
    }

    /**
     * Stops the graph's running queries, closes its connections and deletes its database file,
     * WAL and exports. Returns whether a database file existed.
     */
    public boolean forceDatabaseCleanup(GraphId graph) {
        synchronized (this) {
            removing.add(graph);
        }
        try {
            long deadline = deadlineAfter(config.poolWait());
            for (GraphDatabase db = databaseOf(graph); db != null; db = databaseOf(graph)) {
                stopAndClose(db, ErrorCode.CANCELLED, "The staging database of graph " + graph
                        + " was removed while the query ran", false, deadline);
            }
            return deleteFiles(graph);
        } finally {
            synchronized (this) {
                removing.remove(graph);
            }
        }
    }

    private synchronized GraphDatabase openDatabase(GraphId graph) {
        return databases.get(graph);
    }

    private boolean deleteFiles(GraphId graph) {
        Path file = paths.database(graph);
        boolean existed = Files.exists(file);
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(paths.wal(graph));
            deleteTree(paths.exports(graph));
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot delete the staging database of graph " + graph
                    + ": " + e.getClass().getSimpleName(), e);
        }
        if (existed) {
            cleaned.incrementAndGet();
        }
        return existed;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Closes idle connections past their TTL, and the database instances of graphs with no
     * connection left that were not used for a TTL. Returns the number of connections closed.
     */
    public int cleanupExpired() {
        Instant now = clock.instant();
        Instant cutoff = now.minus(config.connectionTtl());
        List<GraphDatabase> open;
        synchronized (this) {
            open = new ArrayList<>(databases.values());
        }
        int count = 0;
        for (GraphDatabase db : open) {
            for (GraphDatabase.Idle idle : db.takeExpired(cutoff.plusNanos(1))) {
                closeQuietly(idle.connection(), "expired");
                count++;
            }
            if (db.idleCount() == 0 && !db.lastUsed().isAfter(cutoff)) {
                closeIfIdle(db);
            }
        }
        return count;
    }

    private void cleanupExpiredLogged() {
        try {
            int count = cleanupExpired();
            if (count > 0) {
                LOG.debug("Closed {} expired DuckDB connections", count);
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is silently cancelled; log and keep the schedule.
            LOG.error("Periodic DuckDB pool cleanup failed", e);
        }
    }

    /**
     * Checks what would make staging fail, opening no graph: the engine answers a test query (on
     * an instance kept for that), the staging and spool disks have room, no graph has had all its
     * connections held for longer than a caller waits for one, no graph's database was declared
     * broken by the engine. Every problem is named, with graphs and settings, never paths.
     */
    public void checkHealth() {
        List<String> problems = new ArrayList<>();
        try {
            probe.answer();
        } catch (StagingException e) {
            problems.add(e.getMessage());
        }
        List<String> disks = new ArrayList<>();
        FreeSpace.problem(paths.baseDirectory(), "DUCKDB_STAGING_DIR").ifPresent(disks::add);
        FreeSpace.problem(paths.spoolBase(), "STAGING_SPOOL_DIR").ifPresent(disks::add);
        problems.addAll(disks);
        Instant stuckBefore = clock.instant().minus(config.poolWait());
        List<GraphDatabase> open;
        synchronized (this) {
            open = new ArrayList<>(databases.values());
        }
        open.sort(Comparator.comparing(db -> db.graph().value()));
        for (GraphDatabase db : open) {
            if (db.inUse() >= config.maxConnectionsPerDb() && db.lastUsed().isBefore(stuckBefore)) {
                problems.add("graph " + db.graph() + " is stuck: all " + config.maxConnectionsPerDb()
                        + " of its connections (DUCKDB_MAX_CONNECTIONS_PER_DB) have been held for longer than "
                        + config.poolWait().toSeconds() + " s (DUCKDB_POOL_WAIT_SECONDS)");
            }
            db.invalidBecause().ifPresent(why -> problems.add("the staging database of graph " + db.graph()
                    + " is broken until it is reopened: " + why));
        }
        if (!problems.isEmpty()) {
            boolean onlyDisks = problems.size() == disks.size();
            throw new StagingException(onlyDisks ? ErrorCode.STORAGE_FULL : ErrorCode.STAGING_FAILED,
                    "DuckDB staging is unhealthy: " + String.join("; ", problems));
        }
    }

    /** The DuckDB library's version as the engine reports it; opens no graph. */
    public String engineVersion() {
        return probe.version();
    }

    /**
     * Shuts down: stops every running query, then checkpoints and closes every database, waiting
     * at most one pool wait in all for connections still held (a graph whose connections are not
     * given back by then is left unclosed and logged). Later checkouts fail with
     * {@code SHUTTING_DOWN}.
     */
    @Override
    public void close() {
        List<GraphDatabase> open;
        synchronized (this) {
            if (shutDown) {
                return;
            }
            shutDown = true;
            if (cleaner != null) {
                cleaner.shutdownNow();
            }
            open = new ArrayList<>(databases.values());
        }
        String reason = "The staging store is shutting down";
        open.forEach(db -> db.closing().cancel(ErrorCode.SHUTTING_DOWN, reason));
        long deadline = deadlineAfter(config.poolWait());
        for (GraphDatabase db : open) {
            try {
                stopAndClose(db, ErrorCode.SHUTTING_DOWN, reason, true, deadline);
            } catch (RuntimeException e) {
                // One graph that cannot close must not keep the others from their checkpoint.
                LOG.error("Graph {} was not checkpointed on shutdown: {}", db.graph(), e.getMessage());
            }
        }
        probe.close();
    }
}
