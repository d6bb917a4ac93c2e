package io.graphstaging.registry.postgres;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.time.Duration;

/**
 * The registry calls running right now, so that a close can refuse new ones and wait for these.
 */
final class InFlightCalls {
    private int running;
    private boolean closed;

    /** One running call; closing it marks the call done. */
    final class Call implements AutoCloseable {
        private boolean done;

        private Call() {
        }

        @Override
        public void close() {
            synchronized (InFlightCalls.this) {
                if (!done) {
                    done = true;
                    running--;
                    InFlightCalls.this.notifyAll();
                }
            }
        }
    }

    /** @throws StagingException {@code SHUTTING_DOWN} once a close has begun */
    synchronized Call enter(String action) {
        if (closed) {
            throw new StagingException(ErrorCode.SHUTTING_DOWN,
                    "The file registry is shutting down; it refused " + action);
        }
        running++;
        return new Call();
    }

    synchronized boolean closed() {
        return closed;
    }

    /**
     * Refuses every new call from now on, then waits until the running ones are done or
     * {@code grace} is over.
     *
     * @return how many calls still run
     */
    synchronized int close(Duration grace) {
        closed = true;
        long deadline = System.nanoTime() + grace.toNanos();
        boolean interrupted = false;
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true; // a close goes on: it stops waiting, not closing
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return running;
    }
}
