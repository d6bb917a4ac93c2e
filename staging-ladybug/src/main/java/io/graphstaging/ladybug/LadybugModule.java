package io.graphstaging.ladybug;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.port.GraphQueries;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.ladybug.sink.LadybugGraphQueries;
import io.graphstaging.ladybug.sink.LadybugGraphSchema;
import io.graphstaging.ladybug.sink.LadybugGraphSink;
import io.graphstaging.ladybug.sink.LadybugGraphFiles;
import io.graphstaging.core.snapshot.GraphFiles;

/**
 * Binds {@link GraphSink} to the LadybugDB sink and {@link GraphQueries} (read-only Cypher) and
 * {@link GraphSchema} (DDL, drops) to the same graph databases. Needs the {@link MemoryBudget}, {@code QueryThreads} and
 * {@code QueryLimits} bound by the composition (shared with the staging store). The sink owns open databases: it is registered
 * to be closed at shutdown.
 */
public final class LadybugModule extends AbstractModule {
    private final LadybugConfig config;

    public LadybugModule(LadybugConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        bind(LadybugConfig.class).toInstance(config);
        bind(GraphSink.class).to(LadybugGraphSink.class);
        bind(GraphQueries.class).to(LadybugGraphQueries.class);
        bind(GraphSchema.class).to(LadybugGraphSchema.class);
        // Snapshots copy and install the same databases' files.
        bind(GraphFiles.class).to(LadybugGraphFiles.class);
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(LadybugGraphSink.class);
    }

    @Provides
    @Singleton
    LadybugGraphSink sink(LadybugConfig config, MemoryBudget budget) {
        return new LadybugGraphSink(config, budget);
    }
}
