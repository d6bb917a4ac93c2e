package io.graphstaging.http.bootstrap;

import com.google.inject.Injector;
import com.google.inject.Module;
import io.graphstaging.bootstrap.RegisteredCloseables;
import io.graphstaging.http.config.HttpConfig;
import io.graphstaging.http.error.PathRedaction;
import io.graphstaging.http.server.StagingServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and runs the whole server: the edge, the core's use cases and the given adapters, in a
 * hardened injector ({@code Stage.PRODUCTION}: singletons built at start, so a broken adapter
 * fails the start, not the first request; explicit bindings only; no circular proxies). What the
 * modules register as {@code @ClosedAtShutdown} is closed when the server stops, in dependency
 * order ({@link RegisteredCloseables}).
 */
public final class ServerAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAssembly.class);

    private final HttpConfig config;
    private final RegisteredCloseables closeables;
    private final StagingServer server;
    private final Injector injector;
    private volatile boolean started;

    private ServerAssembly(HttpConfig config, RegisteredCloseables closeables, Injector injector) {
        this.config = config;
        this.closeables = closeables;
        this.injector = injector;
        this.server = injector.getInstance(StagingServer.class);
    }

    /**
     * Builds the server; on a failure half-way, whatever was already created is closed again.
     *
     * @param redaction the server's directories, hidden from what clients see
     */
    public static ServerAssembly create(HttpConfig config, PathRedaction redaction, Clock clock, List<Module> adapters) {
        List<Module> modules = new ArrayList<>(adapters);
        modules.add(new EdgeModule(config, redaction, clock));
        modules.add(config.queues().coreModule(config.tasks()));
        RegisteredCloseables closeables = RegisteredCloseables.of(modules);
        Injector injector = closeables.createInjector(RegisteredCloseables.HARDENING);
        try {
            return new ServerAssembly(config, closeables, injector);
        } catch (RuntimeException e) {
            closeables.closeAll();
            throw e;
        }
    }

    /**
     * Starts listening. A start that fails (the port taken meanwhile) closes what was built and
     * rethrows; a later {@link #close()} then has nothing to stop.
     */
    public int start() {
        try {
            int port = server.start();
            started = true;
            return port;
        } catch (RuntimeException e) {
            try {
                closeables.closeAll();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public Injector injector() {
        return injector;
    }

    /**
     * Graceful stop: running requests finish within the grace period (queries still running
     * then are cancelled), then what the modules registered is closed.
     */
    @Override
    public void close() {
        if (!started) {
            closeables.closeAll(); // once only: a second call does nothing
            return;
        }
        LOG.info("Shutting down (grace {})", config.shutdownGrace());
        try {
            server.stop(config.shutdownGrace());
        } finally {
            closeables.closeAll();
        }
        LOG.info("Stopped");
    }
}
