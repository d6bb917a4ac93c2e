package io.graphstaging.registry;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.graphstaging.core.cluster.GraphLeases;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.registry.migration.MigrationScripts;
import io.graphstaging.registry.migration.SchemaMigrator;
import io.graphstaging.registry.postgres.PostgresFileRegistry;
import io.graphstaging.registry.postgres.PostgresGraphLeases;
import io.graphstaging.registry.postgres.PostgresTaskStore;
import io.graphstaging.registry.postgres.RegistryDatabase;
import io.graphstaging.registry.postgres.SortableIds;

/**
 * Binds {@link FileRegistry}, {@link TaskStore} and {@link GraphLeases} to PostgreSQL. Creating the
 * {@link RegistryDatabase} starts the embedded server when no URL is configured, opens the pool
 * and migrates the schema; it is registered to be closed at shutdown.
 */
public final class RegistryModule extends AbstractModule {
    private final RegistryConfig config;

    public RegistryModule(RegistryConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(RegistryDatabase.class);
    }

    @Provides
    @Singleton
    RegistryDatabase database() {
        RegistryDatabase database = RegistryDatabase.open(config);
        try {
            new SchemaMigrator(database.jdbi(), MigrationScripts.bundled()).migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    @Provides
    @Singleton
    FileRegistry fileRegistry(RegistryDatabase database) {
        return new PostgresFileRegistry(database, new SortableIds());
    }

    @Provides
    @Singleton
    TaskStore taskStore(RegistryDatabase database) {
        return new PostgresTaskStore(database, new SortableIds());
    }

    @Provides
    @Singleton
    GraphLeases graphLeases(RegistryDatabase database) {
        return new PostgresGraphLeases(database);
    }
}
