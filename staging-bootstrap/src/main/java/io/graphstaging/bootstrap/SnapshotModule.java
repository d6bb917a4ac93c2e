package io.graphstaging.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.snapshot.GraphFiles;
import io.graphstaging.core.snapshot.GraphSnapshots;
import io.graphstaging.core.snapshot.SnapshotConfig;
import io.graphstaging.s3.ObjectStoreConfig;
import io.graphstaging.s3.aws.S3ClientFactory;
import io.graphstaging.s3.snapshot.S3GraphSnapshotStore;

/**
 * Graph snapshots in S3, when {@link SnapshotConfig#enabled()}: replaces the core's default
 * (snapshots off) with snapshots kept through their own S3 client, closed at shutdown. Nothing is
 * built when they are off.
 */
public final class SnapshotModule extends AbstractModule {
    private final SnapshotConfig config;
    private final ObjectStoreConfig objects;

    public SnapshotModule(SnapshotConfig config, ObjectStoreConfig objects) {
        this.config = config;
        this.objects = objects;
    }

    @Override
    protected void configure() {
        if (config.enabled()) {
            install(new Kept());
        }
    }

    private final class Kept extends AbstractModule {
        @Override
        protected void configure() {
            OptionalBinder.newOptionalBinder(binder(), GraphSnapshots.class).setBinding()
                    .to(Key.get(GraphSnapshots.class, Names.named("kept")));
            Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                    .addBinding().to(S3GraphSnapshotStore.class);
        }

        @Provides
        @Singleton
        S3GraphSnapshotStore store() {
            return new S3GraphSnapshotStore(S3ClientFactory.create(objects), config.location().orElseThrow());
        }

        @Provides
        @Singleton
        @Named("kept")
        GraphSnapshots snapshots(S3GraphSnapshotStore store, GraphFiles files) {
            return new GraphSnapshots(config, store, files);
        }
    }
}
