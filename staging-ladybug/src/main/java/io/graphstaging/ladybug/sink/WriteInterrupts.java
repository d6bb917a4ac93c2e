package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.ladybug.binding.Connection;

/**
 * Stops a graph write when its cancellation fires: interrupts the write's connection, again and
 * again until the write ends, since the engine drops an interrupt that comes before a statement
 * has started (between two statements of the write). Never after the write ended, when the
 * connection may already run someone else's work.
 */
final class WriteInterrupts implements AutoCloseable {
    private static final long REPEAT_MILLIS = 20;
    private final Connection connection;
    private final Cancellation.Registration registration;
    private boolean running = true; // guarded by this

    private WriteInterrupts(Connection connection, Cancellation cancellation) {
        this.connection = connection;
        this.registration = cancellation.onCancel(this::stop);
    }

    /** Interrupts {@code connection} from the moment {@code cancellation} fires until closed. */
    static WriteInterrupts watch(Connection connection, Cancellation cancellation) {
        return new WriteInterrupts(connection, cancellation);
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
        }, "graph-write-interrupt");
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
