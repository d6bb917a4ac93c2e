package io.graphstaging.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.graphstaging.core.snapshot.GraphSnapshots;
import io.graphstaging.core.usecase.RestoreGraph;
import io.graphstaging.core.usecase.StagedFileRegistration;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.task.GraphHold;
import io.graphstaging.core.task.TaskObserver;
import io.graphstaging.core.task.TaskOwner;
import io.graphstaging.core.task.TaskRunner;
import io.graphstaging.core.task.TaskRunnerConfig;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.core.usecase.AppendFiles;
import io.graphstaging.core.usecase.ChangeGraphSchema;
import io.graphstaging.core.usecase.CleanupGraph;
import io.graphstaging.core.usecase.CreateTable;
import io.graphstaging.core.usecase.DeleteFileRows;
import io.graphstaging.core.usecase.DeleteGraph;
import io.graphstaging.core.usecase.DeleteTable;
import io.graphstaging.core.usecase.ListTables;
import io.graphstaging.core.usecase.ChangeContract;
import io.graphstaging.core.usecase.ListQuarantine;
import io.graphstaging.core.usecase.ListRejects;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.MaterializeGraph;
import io.graphstaging.core.usecase.ReportGraphStatus;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.core.usecase.RunGraphQuery;
import io.graphstaging.core.usecase.RunQuery;
import io.graphstaging.core.usecase.TableLocks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * Every use case of the core, bound explicitly (the core itself knows no Guice). The ports they
 * need come from the adapters' modules.
 */
public final class CoreModule extends AbstractModule {
    private final Duration tableLockWait;
    private final int maxWaitingCalls;
    private final TaskRunnerConfig tasks;

    public CoreModule(Duration tableLockWait, int maxWaitingCalls, TaskRunnerConfig tasks) {
        this.tableLockWait = tableLockWait;
        this.maxWaitingCalls = maxWaitingCalls;
        this.tasks = tasks;
    }

    @Override
    protected void configure() {
        // Nobody watches tasks end unless a module says so (the server counts them in its metrics).
        OptionalBinder.newOptionalBinder(binder(), TaskObserver.class).setDefault().toInstance(TaskObserver.NONE);
        // Tasks hold nothing on their graphs unless the node shares graphs (ClusterModule: the lease).
        OptionalBinder.newOptionalBinder(binder(), GraphHold.class).setDefault().toInstance(GraphHold.NONE);
        // Off unless the composition keeps snapshots (SnapshotModule).
        OptionalBinder.newOptionalBinder(binder(), GraphSnapshots.class).setDefault().toInstance(GraphSnapshots.off());
        bind(RestoreGraph.class).in(Singleton.class);
        // Registers directly staged files only when snapshots are on (a restore rebuilds from the registry).
        bind(StagedFileRegistration.class).in(Singleton.class);
        bind(CreateTable.class).in(Singleton.class);
        bind(AppendFiles.class).in(Singleton.class);
        bind(ListTables.class).in(Singleton.class);
        bind(DeleteTable.class).in(Singleton.class);
        bind(DeleteFileRows.class).in(Singleton.class);
        bind(RefreshTable.class).in(Singleton.class);
        bind(RunQuery.class).in(Singleton.class);
        bind(Materialize.class).in(Singleton.class);
        bind(MaterializeGraph.class).in(Singleton.class);
        bind(ListRejects.class).in(Singleton.class);
        bind(ChangeContract.class).in(Singleton.class);
        bind(ListQuarantine.class).in(Singleton.class);
        bind(ReportGraphStatus.class).in(Singleton.class);
        bind(CleanupGraph.class).in(Singleton.class);
        bind(DeleteGraph.class).in(Singleton.class);
        bind(RunGraphQuery.class).in(Singleton.class);
        bind(ChangeGraphSchema.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(TableLocks.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(TaskRunner.class);
    }

    /** One set of table queues for the whole server: every use case must see the same queues. */
    @Provides
    @Singleton
    TableLocks tableLocks() {
        return new TableLocks(tableLockWait, maxWaitingCalls);
    }

    /** The tasks of this process, held under an owner name no other process run shares. */
    @Provides
    @Singleton
    TaskRunner taskRunner(TaskStore store, TaskObserver observer, GraphHold graphs) {
        TaskOwner owner = TaskOwner.of(hostName() + "-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(new SecureRandom().nextLong() & 0xffffffffL));
        return new TaskRunner(store, owner, tasks, observer, graphs);
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "");
            return name.isEmpty() ? "host" : name.substring(0, Math.min(name.length(), 64));
        } catch (UnknownHostException e) {
            return "host";
        }
    }
}
