package io.graphstaging.s3;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.s3.local.LocalDirectoryObjectStore;
import io.graphstaging.s3.aws.S3ClientFactory;
import io.graphstaging.s3.aws.S3ObjectStore;
import io.graphstaging.s3.spool.Spool;

/**
 * Binds {@link ObjectStore}: S3 or the local directory, as {@link ObjectStoreConfig#kind()}
 * says (only the chosen store is built). Needs the {@link SpoolDirectory} bound by the
 * composition (shared with the staging store). The store is registered to be closed at shutdown.
 */
public final class S3Module extends AbstractModule {
    private final ObjectStoreConfig config;

    public S3Module(ObjectStoreConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(ObjectStoreConfig.class).toInstance(config);
        install(switch (config.kind()) {
            case S3 -> new S3Store();
            case LOCAL -> new LocalStore();
        });
    }

    @Provides
    @Singleton
    Spool spool(ObjectStoreConfig config, SpoolDirectory directory) {
        return new Spool(directory, config.spoolMaxBytes());
    }

    private static final class S3Store extends AbstractModule {
        @Override
        protected void configure() {
            bind(ObjectStore.class).to(S3ObjectStore.class);
            Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                    .addBinding().to(S3ObjectStore.class);
        }

        @Provides
        @Singleton
        S3ObjectStore store(ObjectStoreConfig config, Spool spool) {
            return new S3ObjectStore(S3ClientFactory.create(config), spool, config.maxConcurrency());
        }
    }

    private static final class LocalStore extends AbstractModule {
        @Override
        protected void configure() {
            bind(ObjectStore.class).to(LocalDirectoryObjectStore.class);
            Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                    .addBinding().to(LocalDirectoryObjectStore.class);
        }

        @Provides
        @Singleton
        LocalDirectoryObjectStore store(ObjectStoreConfig config, Spool spool) {
            return new LocalDirectoryObjectStore(config.localDirectory(), spool);
        }
    }
}
