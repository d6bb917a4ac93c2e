package io.graphstaging.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import io.graphstaging.core.cluster.ClusterConfig;
import io.graphstaging.core.cluster.DataDirectories;
import io.graphstaging.core.cluster.GraphLeases;
import io.graphstaging.core.cluster.GraphOwnership;
import io.graphstaging.core.cluster.LeaseRenewal;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.task.GraphHold;
import java.time.Clock;

/**
 * How this node shares graphs with other nodes: its write leases (renewed in the background while
 * it runs) and the data directories it must be able to write to be ready. Optional bindings, so
 * that an edge assembled without this module (tests on in-memory ports) runs as a single node.
 */
public final class ClusterModule extends AbstractModule {
    private final ClusterConfig config;
    private final DataDirectories directories;

    public ClusterModule(ClusterConfig config, DataDirectories directories) {
        this.config = config;
        this.directories = directories;
    }

    @Override
    protected void configure() {
        bind(ClusterConfig.class).toInstance(config);
        // Bound plainly: the edge's optional bindings of these see them.
        bind(DataDirectories.class).toInstance(directories);
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(LeaseRenewal.class);
        // A task keeps its graph's lease while queued or running (a single node holds nothing).
        OptionalBinder.newOptionalBinder(binder(), GraphHold.class).setBinding()
                .to(Key.get(GraphHold.class, Names.named("graph-lease")));
    }

    @Provides
    @Singleton
    @Named("graph-lease")
    GraphHold graphLeaseHold(GraphOwnership ownership) {
        return ownership::hold;
    }

    @Provides
    @Singleton
    GraphOwnership graphOwnership(GraphLeases leases) {
        return new GraphOwnership(leases, config, Clock.systemUTC());
    }

    @Provides
    @Singleton
    LeaseRenewal leaseRenewal(GraphOwnership ownership) {
        return new LeaseRenewal(ownership);
    }
}
