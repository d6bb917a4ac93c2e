package io.graphstaging.cli.run;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.model.Cancellation;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT, and SIGTERM) while a command runs: the command's work is cancelled, and the
 * process ends only once the command has rolled back and closed the platform, so the tables and
 * the graph are left as before. The JVM then exits with 130.
 */
public final class Interruption {
    /** How long the work may take to stop and close before the process ends regardless. */
    static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final Cancellation cancellation = new Cancellation();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private Interruption(PrintWriter err) {
        this.hook = new Thread(() -> stop(err), "interrupt");
    }

    /** Watches for Ctrl-C until {@link #finished()}. */
    public static Interruption install(PrintWriter err) {
        Interruption interruption = new Interruption(err);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /** The cancellation the command's work honours. */
    public Cancellation cancellation() {
        return cancellation;
    }

    private void stop(PrintWriter err) {
        if (finished.getCount() == 0) {
            return;
        }
        err.println("Interrupted: stopping; the tables and the graph stay as they were.");
        err.flush();
        cancellation.cancel(ErrorCode.CANCELLED, "Interrupted (Ctrl-C)");
        try {
            finished.await(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The command ended and closed what it opened: the process may end. */
    public void finished() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C came: the hook is running and waits for the countdown above; nothing to remove.
        }
    }
}
