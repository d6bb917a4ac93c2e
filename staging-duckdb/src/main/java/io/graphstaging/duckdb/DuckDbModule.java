package io.graphstaging.duckdb;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.port.StagingQueries;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.duckdb.config.DuckDbConfig;
import io.graphstaging.duckdb.pool.DuckDbConnectionPool;
import io.graphstaging.duckdb.pool.LeftoverDriverLibraries;
import io.graphstaging.duckdb.query.DuckDbStagingQueries;
import io.graphstaging.duckdb.table.DuckDbStagingStore;
import io.graphstaging.duckdb.table.DuckDbSyncPlanner;
import java.time.Clock;

/**
 * Binds the staging ports to DuckDB. Needs the {@link SpoolDirectory} bound by the composition
 * (it is shared with the object store). The store starts by removing leftover exports; the pool
 * is a singleton that starts its periodic cleanup, made once the copies of DuckDB's library that
 * killed processes left in the temporary directory are gone; it is registered to be closed at shutdown
 * (closing checkpoints and closes every database).
 */
public final class DuckDbModule extends AbstractModule {
    private final DuckDbConfig config;

    public DuckDbModule(DuckDbConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(DuckDbConfig.class).toInstance(config);
        bind(DuckDbStagingQueries.class).in(Singleton.class);
        bind(DuckDbMaintenance.class).in(Singleton.class);
        bind(StagingStore.class).to(DuckDbStagingStore.class);
        bind(StagingQueries.class).to(DuckDbStagingQueries.class);
        bind(StagingMaintenance.class).to(DuckDbMaintenance.class);
        bind(DuckDbSyncPlanner.class).in(Singleton.class);
        bind(SyncPlanner.class).to(DuckDbSyncPlanner.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(DuckDbConnectionPool.class);
    }

    /** The store, once the exports a killed process left are gone (no export of this process runs yet). */
    @Provides
    @Singleton
    DuckDbStagingStore store(DuckDbConnectionPool pool) {
        DuckDbStagingStore store = new DuckDbStagingStore(pool);
        store.removeLeftoverExports();
        return store;
    }

    @Provides
    @Singleton
    DuckDbConnectionPool pool(DuckDbConfig config, SpoolDirectory spool, MemoryBudget budget) {
        // Before this process opens its first database; its own copy of the library is seconds old.
        LeftoverDriverLibraries.removeFromTemporaryDirectory();
        // The budget and the QueryThreads the queries take come from the composition, shared with the graph engine.
        DuckDbConnectionPool pool = new DuckDbConnectionPool(config, spool, budget, Clock.systemUTC());
        pool.startPeriodicCleanup();
        return pool;
    }
}
