package io.graphstaging.duckdb.pool;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import org.duckdb.DuckDBConnection;

/**
 * One graph's database instance: a root connection that keeps the instance alive (never handed
 * out), the memory it reserved from the server's budget, the idle connections duplicated from
 * it, and the permits that cap how many callers hold a connection at once. It is put in the
 * pool's map before it is opened, so one caller opens it while the others wait for
 * {@link #awaitOpen}. Mutable state is guarded by {@code this}.
 */
final class GraphDatabase {
    record Idle(Connection connection, Instant createdAt) {}

    private final GraphId graph;
    private final Path file;
    private final Semaphore permits;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    /** Cancelled when the database is closed while connections are out: running statements registered with it stop. */
    private final Cancellation closing = new Cancellation();
    private final Deque<Idle> idle = new ArrayDeque<>();
    private DuckDBConnection root;
    private MemoryBudget.Reservation reservation;
    private int inUse;
    private boolean closed;
    private Instant lastUsed;
    private String invalidBecause;

    GraphDatabase(GraphId graph, Path file, int maxConnections, Instant createdAt) {
        this.graph = graph;
        this.file = file;
        this.permits = new Semaphore(maxConnections, true);
        this.lastUsed = createdAt;
    }

    GraphId graph() {
        return graph;
    }

    Path file() {
        return file;
    }

    Semaphore permits() {
        return permits;
    }

    Cancellation closing() {
        return closing;
    }

    synchronized void opened(DuckDBConnection root, MemoryBudget.Reservation reservation) {
        this.root = root;
        this.reservation = reservation;
        opened.complete(null);
    }

    void failedToOpen(RuntimeException failure) {
        opened.completeExceptionally(failure);
    }

    /** Waits until the caller that opens the database is done; its failure is ours too. */
    void awaitOpen() {
        try {
            opened.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StagingException failure) {
                throw new StagingException(failure.code(), failure.getMessage(), failure);
            }
            throw e;
        }
    }

    /** Opened, and not yet closed. */
    synchronized boolean isOpen() {
        return root != null && !closed;
    }

    synchronized DuckDBConnection root() {
        return root;
    }

    /** Memory reserved from the server's budget while the database is open. */
    synchronized long reservedBytes() {
        return reservation == null ? 0 : reservation.bytes();
    }

    /** Gives the reserved memory back (the instance is closed). */
    synchronized void releaseReservation() {
        if (reservation != null) {
            reservation.close();
        }
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
        if (closed || invalidBecause != null || connection == null) {
            return false;
        }
        idle.addLast(connection);
        return true;
    }

    synchronized void checkedOut(Instant now) {
        inUse++;
        lastUsed = now;
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

    /** When a connection was last checked out or given back. */
    synchronized Instant lastUsed() {
        return lastUsed;
    }

    /** The engine can no longer use this instance: it is closed as soon as no caller holds it. */
    synchronized void invalidate() {
        invalidate("the engine invalidated it after a fatal error");
    }

    /** As {@link #invalidate()}, saying why (for the health check); the first reason is kept. */
    synchronized void invalidate(String because) {
        if (invalidBecause == null) {
            invalidBecause = because;
        }
    }

    synchronized boolean isInvalid() {
        return invalidBecause != null;
    }

    synchronized Optional<String> invalidBecause() {
        return Optional.ofNullable(invalidBecause);
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
