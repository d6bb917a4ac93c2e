package io.graphstaging.duckdb.pool;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.sql.DuckDbErrors;
import io.graphstaging.duckdb.sql.SqlText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-graph DuckDB connections. Each graph has one database instance (its file), opened with
 * the sandbox settings (allowed directories = the graph's spool and export directories, no
 * other external access, configuration locked) and the configured {@code threads} and
 * {@code memory_limit}; at most {@code maxConnectionsPerDb} connections of a graph are checked
 * out at once, each by one caller. Idle connections are health-checked on checkout and closed
 * after their TTL.
 */
public final class DuckDbConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbConnectionPool.class);

    private final DuckDbConfig config;
    private final GraphPaths paths;
    private final Clock clock;
    private final Map<GraphId, GraphDatabase> databases = new HashMap<>(); // guarded by this
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong healthChecks = new AtomicLong();
    private final AtomicLong healthFailures = new AtomicLong();
    private final AtomicLong cleaned = new AtomicLong();
    private ScheduledExecutorService cleaner; // guarded by this
    private boolean shutDown; // guarded by this

    public DuckDbConnectionPool(DuckDbConfig config, SpoolDirectory spool, Clock clock) {
        this.config = config;
        this.paths = new GraphPaths(config, spool);
        this.clock = clock;
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
                closeDatabase(db, false);
                continue;
            }
            acquirePermits(db, 1, "a connection");
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

    private void acquirePermits(GraphDatabase db, int count, String what) {
        try {
            if (!db.permits().tryAcquire(count, config.poolWait().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StagingException(ErrorCode.POOL_EXHAUSTED, "Timed out after " + config.poolWait().toSeconds()
                        + " s waiting for " + what + " of graph " + db.graph() + " (limit "
                        + config.maxConnectionsPerDb() + " per graph)");
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
                    db.checkedOut();
                    return new PooledConnection(this, db, fresh, now);
                } catch (SQLException e) {
                    throw DuckDbErrors.internal("opening a connection to graph " + db.graph(), e);
                }
            }
            if (isExpired(idle.createdAt(), now)) {
                closeQuietly(idle.connection(), "expired");
                continue;
            }
            if (passesHealthCheck(idle.connection())) {
                reused.incrementAndGet();
                db.checkedOut();
                return new PooledConnection(this, db, idle.connection(), idle.createdAt());
            }
            closeQuietly(idle.connection(), "failed its health check");
        }
    }

    private boolean passesHealthCheck(Connection connection) {
        healthChecks.incrementAndGet();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            if (rs.next() && rs.getInt(1) == 1) {
                return true;
            }
        } catch (SQLException e) {
            LOG.warn("DuckDB connection failed its health check: {}", DuckDbErrors.firstLine(e));
        }
        healthFailures.incrementAndGet();
        return false;
    }

    private boolean isExpired(Instant createdAt, Instant now) {
        return !createdAt.plus(config.connectionTtl()).isAfter(now);
    }

    /** Gives a connection back; a broken or expired one is closed instead of kept. */
    void release(PooledConnection pooled) {
        GraphDatabase db = pooled.database();
        Connection connection = pooled.connection();
        Instant now = clock.instant();
        boolean keep = !pooled.discarded() && !isExpired(pooled.createdAt(), now) && resetForReuse(connection);
        try {
            boolean kept = keep ? db.returnIdle(new GraphDatabase.Idle(connection, pooled.createdAt()), now)
                    : db.returnIdle(null, now);
            if (!kept) {
                closeQuietly(connection, keep ? "its database was closed" : "it was expired, discarded or broken");
            }
        } finally {
            db.permits().release();
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

    private GraphDatabase database(GraphId graph, boolean create) {
        synchronized (this) {
            if (shutDown) {
                throw new StagingException(ErrorCode.SHUTTING_DOWN, "The staging store is shutting down");
            }
            GraphDatabase db = databases.get(graph);
            if (db != null) {
                return db;
            }
            Path file = paths.database(graph);
            if (!create && !Files.exists(file)) {
                return null;
            }
            db = open(graph, file);
            databases.put(graph, db);
            return db;
        }
    }

    private GraphDatabase open(GraphId graph, Path file) {
        Path spool;
        Path exports;
        try {
            Files.createDirectories(paths.baseDirectory());
            // Real paths: DuckDB compares allowed directories as text, so symlinks must be resolved.
            spool = Files.createDirectories(paths.spool(graph)).toRealPath();
            exports = Files.createDirectories(paths.exports(graph)).toRealPath();
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot create the directories of graph " + graph
                    + ": " + e.getMessage(), e);
        }
        Properties properties = new Properties();
        // Without it the driver materialises whole results before the first row (measured).
        properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        DuckDBConnection root;
        try {
            root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file, properties);
        } catch (SQLException e) {
            throw DuckDbErrors.internal("opening the database of graph " + graph, e);
        }
        try (Statement s = root.createStatement()) {
            s.execute("SET threads = " + config.threads());
            s.execute("SET memory_limit = " + SqlText.literal(config.memoryLimit().bytes() + "B"));
            s.execute("SET allowed_directories = [" + SqlText.literal(spool + "/") + ", "
                    + SqlText.literal(exports + "/") + "]");
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            closeRoot(root);
            throw DuckDbErrors.internal("configuring the database of graph " + graph, e);
        }
        return new GraphDatabase(graph, file, root, config.maxConnectionsPerDb(), clock.instant());
    }

    public PoolStats stats() {
        Map<String, PoolStats.DatabasePool> pools = new HashMap<>();
        int total = 0;
        synchronized (this) {
            for (GraphDatabase db : databases.values()) {
                int inUse = db.inUse();
                int idle = db.idleCount();
                total += inUse + idle;
                pools.put(db.graph().value(), new PoolStats.DatabasePool(inUse + idle, inUse, idle, db.file().toString()));
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
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot list the staging directory: " + e.getMessage(), e);
        }
        return count;
    }

    public boolean hasActiveConnections(GraphId graph) {
        GraphDatabase db;
        synchronized (this) {
            db = databases.get(graph);
        }
        return db != null && db.inUse() > 0;
    }

    /**
     * Waits (up to the pool wait) until no caller holds a connection of the graph, then closes
     * its connections and its database instance. The file stays.
     */
    public void closeDatabaseConnections(GraphId graph) {
        GraphDatabase db;
        synchronized (this) {
            db = databases.get(graph);
        }
        if (db != null) {
            closeDatabase(db, false);
        }
    }

    private void closeDatabase(GraphDatabase db, boolean checkpoint) {
        acquirePermits(db, config.maxConnectionsPerDb(), "every connection");
        try {
            for (GraphDatabase.Idle idle : db.markClosed()) {
                closeQuietly(idle.connection(), "belongs to a closing database");
            }
            if (checkpoint) {
                try (Statement s = db.root().createStatement()) {
                    s.execute("CHECKPOINT");
                } catch (SQLException e) {
                    LOG.warn("Checkpoint of graph {} failed on shutdown: {}", db.graph(), DuckDbErrors.firstLine(e));
                }
            }
            closeRoot(db.root());
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
     * Closes the graph's connections and deletes its database file, WAL and exports. Returns
     * whether a database file existed.
     */
    public boolean forceDatabaseCleanup(GraphId graph) {
        closeDatabaseConnections(graph);
        Path file = paths.database(graph);
        boolean existed = Files.exists(file);
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(paths.wal(graph));
            deleteTree(paths.exports(graph));
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot delete the staging database of graph " + graph
                    + ": " + e.getMessage(), e);
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
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
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
            if (db.inUse() == 0 && db.idleCount() == 0 && !db.lastUsed().isAfter(cutoff)
                    && db.permits().tryAcquire(config.maxConnectionsPerDb())) {
                db.permits().release(config.maxConnectionsPerDb());
                closeDatabase(db, false);
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

    /** Runs a test query on a throwaway in-memory database. */
    public void checkHealth() {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 42")) {
            if (!rs.next() || rs.getInt(1) != 42) {
                throw new StagingException(ErrorCode.STAGING_FAILED, "DuckDB answered its test query wrongly");
            }
        } catch (SQLException e) {
            throw DuckDbErrors.internal("answering a test query", e);
        }
    }

    /** The DuckDB library's version as the engine reports it, asked of a throwaway in-memory instance. */
    public String engineVersion() {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT library_version FROM pragma_version()")) {
            if (!rs.next()) {
                throw new StagingException(ErrorCode.STAGING_FAILED, "DuckDB did not report its version");
            }
            return rs.getString(1);
        } catch (SQLException e) {
            throw DuckDbErrors.internal("reporting its version", e);
        }
    }

    /** Checkpoints and closes every database; later checkouts fail with {@code SHUTTING_DOWN}. */
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
        for (GraphDatabase db : open) {
            closeDatabase(db, true);
        }
    }
}
