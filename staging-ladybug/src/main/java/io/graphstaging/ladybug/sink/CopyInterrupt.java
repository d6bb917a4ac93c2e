package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.ladybug.binding.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops a materialize's engine work when its caller cancels. The engine forgets an interrupt that
 * comes before a query starts, so once cancelled the connection is interrupted again every
 * {@code REPEAT_MS} until the work ends ({@link #close()}), whichever statement it is in then.
 */
final class CopyInterrupt implements AutoCloseable {
    private static final long REPEAT_MS = 100;

    private final Connection connection;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Cancellation.Registration registration;

    CopyInterrupt(Connection connection, Cancellation cancellation) {
        this.connection = connection;
        this.registration = cancellation.onCancel(this::startInterrupting);
    }

    private void startInterrupting() {
        Thread thread = new Thread(() -> {
            try {
                do {
                    connection.interrupt();
                } while (!ended.await(REPEAT_MS, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "graph-copy-interrupt");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The work ended, or is about to clean up: no more interrupts (before the connection goes back
     * to its database). Idempotent.
     */
    @Override
    public void close() {
        registration.close();
        ended.countDown();
    }
}
