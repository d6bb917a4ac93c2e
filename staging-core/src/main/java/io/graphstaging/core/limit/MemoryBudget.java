package io.graphstaging.core.limit;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What the engines of all open graphs may reserve together ({@code STAGING_MEMORY_BUDGET}). A
 * graph's staging database reserves its memory limit when it opens and its graph database its
 * buffer pool, and each gives its share back when it closes. A reservation beyond the budget
 * first asks the registered {@link IdleReleaser}s to close idle databases, then waits for
 * releases, re-asking now and then, and after the wait fails with
 * {@code MEMORY_BUDGET_EXHAUSTED}.
 *
 * <p>Thread-safe. Releasers run on the reserving thread, outside this budget's monitor.
 */
public final class MemoryBudget {
    private static final long RECHECK_MILLIS = 250;

    /** Closes idle databases to give memory back. */
    @FunctionalInterface
    public interface IdleReleaser {
        /**
         * Closes idle databases (least recently used first) until about {@code bytes} are given
         * back or nothing idle is left. It must not block on locks that a caller of
         * {@link #reserve} may hold: what cannot be closed at once is skipped.
         */
        void releaseIdle(long bytes);
    }

    private final long totalBytes;
    private final Duration wait;
    private final List<IdleReleaser> releasers = new CopyOnWriteArrayList<>();
    private long reservedBytes; // guarded by this

    /**
     * @param total what all open graphs may reserve together
     * @param wait  how long a reservation waits for memory before failing
     */
    public MemoryBudget(ByteSize total, Duration wait) {
        if (total.bytes() <= 0) {
            throw new IllegalArgumentException("A memory budget must be positive");
        }
        this.totalBytes = total.bytes();
        this.wait = wait;
    }

    /** A budget so large it never refuses (single-graph tools, tests). */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(ByteSize.ofBytes(Long.MAX_VALUE), Duration.ZERO);
    }

    /** Adds a way to free memory; adapters that reserve register one for their idle databases. */
    public void addReleaser(IdleReleaser releaser) {
        releasers.add(releaser);
    }

    /**
     * Reserves {@code bytes} for {@code owner} (named in the error).
     *
     * @throws StagingException {@code MEMORY_BUDGET_EXHAUSTED} when the request alone exceeds
     *         the budget, or no memory was freed within the wait; {@code SHUTTING_DOWN} when
     *         interrupted
     */
    public Reservation reserve(String owner, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("Cannot reserve a negative size");
        }
        if (bytes > totalBytes) {
            throw new StagingException(ErrorCode.MEMORY_BUDGET_EXHAUSTED, owner + " needs " + ByteSize.ofBytes(bytes)
                    + " but the whole memory budget (STAGING_MEMORY_BUDGET) is " + ByteSize.ofBytes(totalBytes));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (tryTake(bytes)) {
                return new Reservation(bytes);
            }
            for (IdleReleaser releaser : releasers) {
                releaser.releaseIdle(bytes);
                if (tryTake(bytes)) {
                    return new Reservation(bytes);
                }
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw exhausted(owner, bytes);
            }
            awaitRelease(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(RECHECK_MILLIS)));
        }
    }

    public long totalBytes() {
        return totalBytes;
    }

    public synchronized long reservedBytes() {
        return reservedBytes;
    }

    private synchronized boolean tryTake(long bytes) {
        if (reservedBytes + bytes <= totalBytes) {
            reservedBytes += bytes;
            return true;
        }
        return false;
    }

    private synchronized void awaitRelease(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(this, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "Interrupted while waiting for memory", e);
        }
    }

    private synchronized void give(long bytes) {
        reservedBytes -= bytes;
        notifyAll();
    }

    private synchronized StagingException exhausted(String owner, long bytes) {
        return new StagingException(ErrorCode.MEMORY_BUDGET_EXHAUSTED, owner + " needs " + ByteSize.ofBytes(bytes)
                + " of the memory budget; " + ByteSize.ofBytes(reservedBytes) + " of " + ByteSize.ofBytes(totalBytes)
                + " are held by open graphs that are in use. Try again later.");
    }

    /** Memory held from the budget until closed; closing twice gives it back once. */
    public final class Reservation implements AutoCloseable {
        private final long bytes;
        private boolean released; // guarded by MemoryBudget.this

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public long bytes() {
            return bytes;
        }

        @Override
        public void close() {
            synchronized (MemoryBudget.this) {
                if (released) {
                    return;
                }
                released = true;
                give(bytes);
            }
        }
    }
}
