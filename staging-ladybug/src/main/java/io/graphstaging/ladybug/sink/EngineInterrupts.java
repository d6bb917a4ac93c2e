package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.ladybug.binding.Connection;

/**
 * Stops the engine's work on a connection (a graph write, a user's Cypher query) when its
 * cancellation fires: interrupts the connection again and again until the work ends, since the
 * engine drops an interrupt that comes before a statement has started (between two statements of
 * a write, or before a query runs). Never after the work ended, when the connection may already
 * run someone else's.
 */
final class EngineInterrupts implements AutoCloseable {
    private static final long REPEAT_MILLIS = 20;
    private final Connection connection;
    private final Cancellation.Registration registration;
    private boolean running = true; // guarded by this

    private EngineInterrupts(Connection connection, Cancellation cancellation) {
        this.connection = connection;
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

    @Override
    public void close() {
        registration.close();
        synchronized (this) {
            running = false;
        }
    }
}
