package io.graphstaging.http.call;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a client that closed its connection while its request is being worked on, even when
 * nothing has been written to it yet (a long query still computing). Jetty only learns of a
 * closed connection when it reads or writes, and during a request whose body was read it does
 * neither; so every {@code period} each watched connection is given one non-blocking read:
 * end-of-stream (or a reset) means the client is gone.
 *
 * <p>Only requests whose body was read whole are watched. A byte read by the probe would belong to
 * a pipelined next request, which HTTP/1.1 clients practically never send: the probe then stops
 * watching that connection and asks Jetty to close it after this response, so the next request
 * is not parsed from a stream missing its first byte.
 */
public final class ClientWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);

    private final ScheduledExecutorService timer;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();

    public ClientWatch(Duration period) {
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "client-watch");
            thread.setDaemon(true);
            return thread;
        });
        long millis = period.toMillis();
        timer.scheduleWithFixedDelay(this::probeAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the watch of one request. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs {@code onGone} once if the client of {@code request} goes away before the registration
     * is closed. A request that is not Jetty's (a test's) is not watched.
     */
    public Registration watch(HttpServletRequest request, Runnable onGone) {
        Request base = Request.getBaseRequest(request);
        if (base == null || base.getHttpChannel() == null) {
            return () -> { };
        }
        Watched w = new Watched(base, base.getHttpChannel().getEndPoint(), onGone);
        watched.add(w);
        return () -> {
            w.stop();
            watched.remove(w);
        };
    }

    private void probeAll() {
        ByteBuffer probe = ByteBuffer.allocate(1);
        for (Watched w : watched) {
            int read;
            try {
                read = w.probe(probe);
            } catch (IOException | RuntimeException e) {
                read = -1;
            }
            if (read < 0) {
                gone(w);
            } else if (read > 0) {
                watched.remove(w);
                LOG.debug("A pipelined request arrived while a call was running; its connection will close");
            }
        }
    }

    private void gone(Watched w) {
        if (watched.remove(w)) {
            try {
                w.onGone.run();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the work of a client that went away failed", e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        watched.clear();
    }

    /**
     * One watched request; compared by identity. Its probe and its end exclude each other: once
     * the call ended (before its answer is written, so before the client may send its next
     * request on the connection) no probe reads from the connection again.
     */
    private static final class Watched {
        final Request request;
        final EndPoint endPoint;
        final Runnable onGone;
        private boolean active = true; // guarded by this

        Watched(Request request, EndPoint endPoint, Runnable onGone) {
            this.request = request;
            this.endPoint = endPoint;
            this.onGone = onGone;
        }

        /** -1 when the client is gone, 0 when nothing arrived (or the watch ended), else the bytes read. */
        synchronized int probe(ByteBuffer buffer) throws IOException {
            if (!active) {
                return 0;
            }
            if (!endPoint.isOpen()) {
                return -1;
            }
            buffer.clear().flip();
            int read = endPoint.fill(buffer);
            if (read > 0) {
                // The byte belongs to a pipelined request: close the connection after this answer
                // rather than parse that request without it.
                request.getResponse().getHttpFields().put("Connection", "close");
                active = false;
            }
            return read;
        }

        synchronized void stop() {
            active = false;
        }
    }
}
