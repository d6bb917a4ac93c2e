package io.graphstaging.s3;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.s3.local.LocalDirectoryObjectStore;
import io.graphstaging.s3.aws.S3ClientFactory;
import io.graphstaging.s3.aws.S3ObjectStore;
import io.graphstaging.s3.spool.Spool;

/**
 * Binds {@link ObjectStore}: S3 or the local directory, as {@link ObjectStoreConfig#kind()}
 * says. Needs the {@link SpoolDirectory} bound by the composition (shared with the staging store). The store is {@link AutoCloseable}; the edge closes it on shutdown.
 */
public final class S3Module extends AbstractModule {
    private final ObjectStoreConfig config;

    public S3Module(ObjectStoreConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(ObjectStoreConfig.class).toInstance(config);
    }

    @Provides
    @Singleton
    Spool spool(ObjectStoreConfig config, SpoolDirectory directory) {
        return new Spool(directory, config.spoolMaxBytes());
    }

    @Provides
    @Singleton
    ObjectStore objectStore(ObjectStoreConfig config, Spool spool) {
        return switch (config.kind()) {
            case S3 -> new S3ObjectStore(S3ClientFactory.create(config), spool, config.maxConcurrency());
            case LOCAL -> new LocalDirectoryObjectStore(config.localDirectory(), spool);
        };
    }
}
