package io.graphstaging.http.server;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts requests in flight and, once closed, refuses new ones ({@code SHUTTING_DOWN}, 503) so
 * that shutdown can wait for the running ones to finish.
 */
public final class ShutdownGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private boolean closed;
    private int inFlight;

    /** Admits a request, or throws when shutting down. Every admitted request must {@link #leave()}. */
    public void enter() {
        lock.lock();
        try {
            if (closed) {
                throw new StagingException(ErrorCode.SHUTTING_DOWN, "The server is shutting down");
            }
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    public void leave() {
        lock.lock();
        try {
            inFlight--;
            if (inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new requests from now on. */
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no request is in flight or the grace period is over; returns how many are still running. */
    public int awaitIdle(Duration grace) throws InterruptedException {
        long remaining = grace.toNanos();
        lock.lock();
        try {
            while (inFlight > 0 && remaining > 0) {
                remaining = idle.awaitNanos(remaining);
            }
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    /** Whether new requests are refused (the server is stopping). */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }
}
