package io.graphstaging.http.bootstrap;

import com.google.inject.Scopes;
import com.google.inject.spi.ProvisionListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers every singleton Guice creates that is {@link AutoCloseable} (pools, graph
 * databases, the embedded registry, the spool) and closes them in reverse order of creation, so
 * a thing is closed before what it was built on. Adapters need no lifecycle API of their own.
 */
public final class Closeables implements ProvisionListener {
    private static final Logger LOG = LoggerFactory.getLogger(Closeables.class);

    private final Deque<AutoCloseable> created = new ArrayDeque<>();

    @Override
    public <T> void onProvision(ProvisionInvocation<T> provision) {
        T instance = provision.provision();
        if (instance instanceof AutoCloseable closeable && Scopes.isSingleton(provision.getBinding())) {
            synchronized (created) {
                // A linked binding (port -> implementation) reports the same instance twice.
                if (created.stream().noneMatch(c -> c == closeable)) {
                    created.push(closeable);
                }
            }
        }
    }

    /**
     * Closes everything, newest first. A failure to close one thing does not stop the others
     * from closing; every failure is logged and the first is rethrown at the end with the rest
     * attached as suppressed.
     */
    public void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (created) {
            toClose = new ArrayList<>(created);
            created.clear();
        }
        RuntimeException failure = null;
        for (AutoCloseable c : toClose) {
            try {
                LOG.info("Closing {}", c.getClass().getSimpleName());
                c.close();
            } catch (Exception e) {
                LOG.error("Closing {} failed", c.getClass().getSimpleName(), e);
                if (failure == null) {
                    failure = new IllegalStateException("Closing the server's resources failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
