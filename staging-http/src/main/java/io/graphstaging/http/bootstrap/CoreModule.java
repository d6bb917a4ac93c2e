package io.graphstaging.http.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.graphstaging.core.usecase.AppendFiles;
import io.graphstaging.core.usecase.CleanupGraph;
import io.graphstaging.core.usecase.CreateTable;
import io.graphstaging.core.usecase.DeleteFileRows;
import io.graphstaging.core.usecase.DeleteTable;
import io.graphstaging.core.usecase.ListTables;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.core.usecase.RunQuery;
import io.graphstaging.core.usecase.TableLocks;
import java.time.Duration;

/**
 * Every use case of the core, bound explicitly (the core itself knows no Guice). The ports they
 * need come from the adapters' modules.
 */
public final class CoreModule extends AbstractModule {
    private final Duration tableLockWait;

    public CoreModule(Duration tableLockWait) {
        this.tableLockWait = tableLockWait;
    }

    @Override
    protected void configure() {
        bind(CreateTable.class).in(Singleton.class);
        bind(AppendFiles.class).in(Singleton.class);
        bind(ListTables.class).in(Singleton.class);
        bind(DeleteTable.class).in(Singleton.class);
        bind(DeleteFileRows.class).in(Singleton.class);
        bind(RefreshTable.class).in(Singleton.class);
        bind(RunQuery.class).in(Singleton.class);
        bind(Materialize.class).in(Singleton.class);
        bind(CleanupGraph.class).in(Singleton.class);
    }

    /** One lock table for the whole server: every use case must see the same locks. */
    @Provides
    @Singleton
    TableLocks tableLocks() {
        return new TableLocks(tableLockWait);
    }
}
