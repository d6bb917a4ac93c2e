package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.ladybug.binding.Connection;

/**
 * Stops the engine's work on a connection (a graph write, a user's Cypher query) when its
 * cancellation fires: interrupts the connection again and again until the work ends, since the
 * engine drops an interrupt that comes before a statement has started (between two statements of
 * a write, or before a query runs). Never after the work ended, when the connection may already
 * run someone else's, nor after the work passed its point of no return ({@link #pointOfNoReturn}):
 * a cancel then is too late, and the work goes on to its end and answers what it did.
 */
final class EngineInterrupts implements AutoCloseable {
    private static final long REPEAT_MILLIS = 20;
    private final Connection connection;
    private final Cancellation cancellation;
    private final Cancellation.Registration registration;
    private boolean running = true; // guarded by this
    private boolean pastPointOfNoReturn; // guarded by this

    private EngineInterrupts(Connection connection, Cancellation cancellation) {
        this.connection = connection;
        this.cancellation = cancellation;
        this.registration = cancellation.onCancel(this::stop);
    }

    /** Interrupts {@code connection} from the moment {@code cancellation} fires until closed. */
    static EngineInterrupts watch(Connection connection, Cancellation cancellation) {
        return new EngineInterrupts(connection, cancellation);
    }

    private void stop() {
        if (!interruptIfRunning()) {
            return;
        }
        Thread repeater = new Thread(() -> {
            try {
                while (interruptIfRunning()) {
                    Thread.sleep(REPEAT_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "engine-interrupt");
        repeater.setDaemon(true);
        repeater.start();
    }

    private synchronized boolean interruptIfRunning() {
        if (running) {
            connection.interrupt();
        }
        return running;
    }

    /**
     * Called just before the statement that makes the work whole (a transaction's COMMIT, the
     * mark that keeps a new table): the engine is interrupted no more, so that statement and those
     * after it run to their end, and a cancel from now on is ignored (the answer says what was
     * done, not "cancelled").
     *
     * @throws io.graphstaging.core.error.StagingException the cancel's error, when it came before:
     *         the caller undoes the work as for any cancel
     */
    void pointOfNoReturn() {
        registration.close();
        synchronized (this) {
            if (pastPointOfNoReturn) {
                return; // passed already: a later cancel is too late
            }
            running = false;
            pastPointOfNoReturn = true;
        }
        cancellation.throwIfCancelled();
    }

    /**
     * Whether a failure of the work is the cancel's doing: the cancel came before the point of no
     * return (after it, a failure is the work's own).
     */
    boolean stoppedTheWork() {
        synchronized (this) {
            if (pastPointOfNoReturn) {
                return false;
            }
        }
        return cancellation.isCancelled();
    }

    @Override
    public void close() {
        registration.close();
        synchronized (this) {
            running = false;
        }
    }
}
