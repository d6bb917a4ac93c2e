package io.graphstaging.ladybug.binding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An open LadybugDB database file. Closing it closes its connections first; a closed database
 * refuses use.
 *
 * <p>Only one read-write {@code Database} per file may be open in a process, and the engine does
 * not enforce it within one process (its file lock is per process; seen with 0.14.3): callers
 * must (the graph sink keeps exactly one per graph).
 */
public final class Database implements AutoCloseable {
    private final Path path;
    private final List<Connection> connections = new ArrayList<>();
    private long handle;

    private Database(Path path, long handle) {
        this.path = path;
        this.handle = handle;
    }

    /** Opens (creating when missing) the database file at {@code path}. */
    public static Database open(Path path, DatabaseConfig config) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(config, "config");
        // The engine takes 0 as "no limit" for threads but needs its own sentinel for the pool.
        long pool = config.bufferPoolBytes() == 0 ? 0xFFFFFFFFL : config.bufferPoolBytes();
        // Likewise for the largest database size, which sizes the address space the engine reserves.
        long maxDbSize = config.maxDbSizeBytes() == 0 ? 0xFFFFFFFFL : config.maxDbSizeBytes();
        long handle = LbugNative.openDatabase(NativeValues.utf8(path.toString()), pool, config.maxThreads(),
                config.compression(), config.readOnly(), maxDbSize);
        return new Database(path, handle);
    }

    /** The engine's version, e.g. {@code 0.14.3}. */
    public static String engineVersion() {
        return LbugNative.engineVersion();
    }

    public Path path() {
        return path;
    }

    public synchronized Connection connect() {
        Connection connection = new Connection(this, LbugNative.openConnection(live()));
        connections.add(connection);
        return connection;
    }

    synchronized void forget(Connection connection) {
        connections.remove(connection);
    }

    public synchronized boolean isClosed() {
        return handle == 0;
    }

    @Override
    public synchronized void close() {
        if (handle == 0) {
            return;
        }
        for (Connection connection : List.copyOf(connections)) {
            connection.close();
        }
        long h = handle;
        handle = 0;
        LbugNative.closeDatabase(h);
    }

    private long live() {
        if (handle == 0) {
            throw new LadybugException("Database " + path + " is closed");
        }
        return handle;
    }
}
