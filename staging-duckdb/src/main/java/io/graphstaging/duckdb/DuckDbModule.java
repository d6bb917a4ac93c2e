package io.graphstaging.duckdb;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.query.DuckDbStagingQueries;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import java.time.Clock;

/**
 * Binds the staging ports to DuckDB. Needs the {@link SpoolDirectory} bound by the composition
 * (it is shared with the object store). The pool is a singleton that starts its periodic cleanup;
 * it is registered to be closed at shutdown (closing checkpoints and closes every database).
 */
public final class DuckDbModule extends AbstractModule {
    private final DuckDbConfig config;

    public DuckDbModule(DuckDbConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(DuckDbConfig.class).toInstance(config);
        bind(DuckDbStagingStore.class).in(Singleton.class);
        bind(DuckDbStagingQueries.class).in(Singleton.class);
        bind(DuckDbMaintenance.class).in(Singleton.class);
        bind(StagingStore.class).to(DuckDbStagingStore.class);
        bind(StagingQueries.class).to(DuckDbStagingQueries.class);
        bind(StagingMaintenance.class).to(DuckDbMaintenance.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(DuckDbConnectionPool.class);
    }

    @Provides
    @Singleton
    DuckDbConnectionPool pool(DuckDbConfig config, SpoolDirectory spool) {
        DuckDbConnectionPool pool = new DuckDbConnectionPool(config, spool, Clock.systemUTC());
        pool.startPeriodicCleanup();
        return pool;
    }
}
