package io.graphstaging.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
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
    private final int maxWaitingCalls;

    public CoreModule(Duration tableLockWait, int maxWaitingCalls) {
        this.tableLockWait = tableLockWait;
        this.maxWaitingCalls = maxWaitingCalls;
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
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(TableLocks.class);
    }

    /** One set of table queues for the whole server: every use case must see the same queues. */
    @Provides
    @Singleton
    TableLocks tableLocks() {
        return new TableLocks(tableLockWait, maxWaitingCalls);
    }
}
