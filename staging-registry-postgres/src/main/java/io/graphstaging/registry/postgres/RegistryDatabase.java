package io.graphstaging.registry.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.graphstaging.registry.RegistryConfig;
import io.graphstaging.registry.embedded.EmbeddedRegistryServer;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.Jdbi;

/**
 * The registry's database as the application holds it: a bounded connection pool (and, with no
 * JDBC URL configured, the embedded server behind it). Closing it closes the pool, then stops
 * the embedded server; the edge closes it on shutdown.
 */
public final class RegistryDatabase implements AutoCloseable {
    private final Optional<EmbeddedRegistryServer> embedded;
    private final HikariDataSource pool;
    private final Jdbi jdbi;

    private RegistryDatabase(Optional<EmbeddedRegistryServer> embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool);
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
            return new RegistryDatabase(embedded, new HikariDataSource(poolConfig(config, embedded)));
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
            config.password().ifPresent(hikari::setPassword);
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

    @Override
    public void close() {
        try {
            pool.close();
        } finally {
            embedded.ifPresent(EmbeddedRegistryServer::close);
        }
    }
}
