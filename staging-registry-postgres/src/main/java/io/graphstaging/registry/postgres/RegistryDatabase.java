package io.graphstaging.registry.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.embedded.EmbeddedRegistryServer;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's database as the application holds it: a bounded connection pool (and, with no
 * JDBC URL configured, the embedded server behind it). The edge closes it on shutdown, after the
 * running requests: the close refuses new calls ({@code SHUTTING_DOWN}), waits for the calls in
 * flight within a bound, then closes the pool and stops the embedded server. Nothing else stops
 * the server (no JVM shutdown hook), so that a stop never cuts a call short.
 */
public final class RegistryDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryDatabase.class);

    private final Optional<EmbeddedRegistryServer> embedded;
    private final HikariDataSource pool;
    private final Jdbi jdbi;
    private final Duration closeGrace;
    private final InFlightCalls calls = new InFlightCalls();

    private RegistryDatabase(Optional<EmbeddedRegistryServer> embedded, HikariDataSource pool, Duration closeGrace) {
        this.embedded = embedded;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
        this.closeGrace = closeGrace;
    }

    /**
     * Starts the embedded server when no URL is configured, then opens the pool (which connects
     * once, so a wrong URL or password fails here rather than on the first request).
     *
     * @throws io.graphstaging.core.error.StagingException {@code REGISTRY_FAILED}
     */
    public static RegistryDatabase open(RegistryConfig config) {
        Optional<EmbeddedRegistryServer> embedded = config.jdbcUrl().isPresent()
                ? Optional.empty()
                : Optional.of(EmbeddedRegistryServer.start(config.dataDir(), OptionalInt.empty(),
                        EmbeddedRegistryServer.Durability.DURABLE));
        try {
            // A call in flight ends within the query timeout (every statement does): the close waits as long.
            return new RegistryDatabase(embedded, new HikariDataSource(poolConfig(config, embedded)), config.queryTimeout());
        } catch (RuntimeException e) {
            // Hikari reports a failed first connection as PoolInitializationException.
            embedded.ifPresent(EmbeddedRegistryServer::close);
            throw RegistryFailure.of("connecting to " + config.redactedJdbcUrl().orElse("the embedded server"), e);
        }
    }

    private static HikariConfig poolConfig(RegistryConfig config, Optional<EmbeddedRegistryServer> embedded) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("graph-staging-registry");
        if (embedded.isPresent()) {
            // The registry role, never the superuser: it owns the registry's schema and nothing else.
            EmbeddedRegistryServer.Login login = embedded.get().registryLogin();
            hikari.setJdbcUrl(embedded.get().jdbcUrl(EmbeddedRegistryServer.DATABASE));
            hikari.setUsername(login.user());
            hikari.setPassword(login.password());
        } else {
            // An external URL may carry its own user and password.
            hikari.setJdbcUrl(config.jdbcUrl().orElseThrow());
            config.user().ifPresent(hikari::setUsername);
            config.password().ifPresent(p -> hikari.setPassword(p.reveal()));
        }
        hikari.setMaximumPoolSize(config.maxConnections());
        hikari.setMinimumIdle(Math.min(2, config.maxConnections()));
        long waitMs = config.connectionTimeout().toMillis();
        hikari.setConnectionTimeout(waitMs);
        hikari.setValidationTimeout(Math.max(250, Math.min(waitMs - 1, 5000)));
        hikari.setInitializationFailTimeout(waitMs);
        long connectSeconds = Math.max(1, config.connectionTimeout().toSeconds());
        hikari.addDataSourceProperty("connectTimeout", connectSeconds);
        hikari.addDataSourceProperty("loginTimeout", connectSeconds);
        // A server that stops answering fails the call after this, instead of hanging a request.
        hikari.addDataSourceProperty("socketTimeout", Math.max(1, config.queryTimeout().toSeconds()));
        hikari.addDataSourceProperty("ApplicationName", "graph-staging");
        return hikari;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Closes idle connections now and in-use ones when they come back: after the server dropped
     * them (a restart), so the next borrower gets a fresh one.
     */
    public void evictIdleConnections() {
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    /** The embedded server, when this database is the embedded default. */
    public Optional<EmbeddedRegistryServer> embedded() {
        return embedded;
    }

    /**
     * Runs {@code work} in one transaction, as a call the close waits for; {@code action} names it
     * in errors. Pooled connections that the server dropped (it restarted since) fail on their
     * first statement; such a transaction never committed, so the pool's idle connections are
     * evicted and it runs once more on a fresh connection. A failed commit is never retried: its
     * outcome is unknown. A {@link StagingException} thrown by {@code work} rolls back and leaves
     * as it is.
     *
     * @throws StagingException {@code REGISTRY_FAILED}; {@code SHUTTING_DOWN} once a close has
     *         begun (a failure then is the close's doing, not a registry fault)
     */
    public <T> T inTransaction(String action, HandleCallback<T, RuntimeException> work) {
        try (InFlightCalls.Call call = calls.enter(action)) {
            try {
                return jdbi.inTransaction(work);
            } catch (UnableToExecuteStatementException first) {
                if (!RegistryFailure.isBrokenConnection(first) || closing()) {
                    throw failure(action, first);
                }
                evictIdleConnections();
                try {
                    return jdbi.inTransaction(work);
                } catch (JdbiException second) {
                    second.addSuppressed(first);
                    throw failure(action, second);
                }
            } catch (JdbiException e) {
                throw failure(action, e);
            }
        }
    }

    private StagingException failure(String action, JdbiException e) {
        if (closing()) {
            return new StagingException(ErrorCode.SHUTTING_DOWN, "The file registry shut down while " + action, e);
        }
        return RegistryFailure.of(action, e);
    }

    /** Whether a close has begun: a call failing now failed because of it. */
    public boolean closing() {
        return calls.closed();
    }

    /** {@link #close(Duration)} within the query timeout. */
    @Override
    public void close() {
        close(closeGrace);
    }

    /**
     * Refuses new calls, waits up to {@code grace} for the running ones, then closes the pool
     * (a call still running loses its connection and fails as {@code SHUTTING_DOWN}) and stops
     * the embedded server. Closing again does nothing more.
     */
    public void close(Duration grace) {
        int running = calls.close(grace);
        if (running > 0) {
            LOG.warn("{} registry call(s) still running after {}; closing the registry under them", running, grace);
        }
        try {
            pool.close();
        } finally {
            embedded.ifPresent(EmbeddedRegistryServer::close);
        }
    }
}
