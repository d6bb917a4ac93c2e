package io.graphstaging.duckdb.pool;

import io.graphstaging.core.model.GraphId;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.duckdb.DuckDBConnection;

/**
 * One graph's open database instance: a root connection that keeps the instance alive (never
 * handed out), the idle connections duplicated from it, and the permits that cap how many
 * callers hold a connection at once. Mutable state is guarded by {@code this}.
 */
final class GraphDatabase {
    record Idle(Connection connection, Instant createdAt) {}

    private final GraphId graph;
    private final Path file;
    private final DuckDBConnection root;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private int inUse;
    private boolean closed;
    private boolean invalid;
    private Instant lastUsed;

    GraphDatabase(GraphId graph, Path file, DuckDBConnection root, int maxConnections, Instant openedAt) {
        this.graph = graph;
        this.file = file;
        this.root = root;
        this.permits = new Semaphore(maxConnections, true);
        this.lastUsed = openedAt;
    }

    GraphId graph() {
        return graph;
    }

    Path file() {
        return file;
    }

    DuckDBConnection root() {
        return root;
    }

    Semaphore permits() {
        return permits;
    }

    synchronized Idle pollIdle() {
        return idle.pollLast();
    }

    /**
     * Checks a connection back in ({@code null}: one not worth keeping). Returns false when it
     * is not kept (also when the database was closed meanwhile): the caller closes it.
     */
    synchronized boolean returnIdle(Idle connection, Instant now) {
        inUse--;
        lastUsed = now;
        if (closed || invalid || connection == null) {
            return false;
        }
        idle.addLast(connection);
        return true;
    }

    synchronized void checkedOut() {
        inUse++;
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int idleCount() {
        return idle.size();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The engine can no longer use this instance: it is closed as soon as no caller holds it. */
    synchronized void invalidate() {
        invalid = true;
    }

    synchronized boolean isInvalid() {
        return invalid;
    }

    synchronized Instant lastUsed() {
        return lastUsed;
    }

    /** Removes and returns the idle connections created before {@code cutoff}. */
    synchronized List<Idle> takeExpired(Instant cutoff) {
        List<Idle> expired = new ArrayList<>();
        idle.removeIf(c -> {
            if (c.createdAt().isBefore(cutoff)) {
                expired.add(c);
                return true;
            }
            return false;
        });
        return expired;
    }

    /** Marks the database closed and hands back its idle connections for closing. */
    synchronized List<Idle> markClosed() {
        closed = true;
        List<Idle> all = new ArrayList<>(idle);
        idle.clear();
        return all;
    }
}
