package io.graphstaging.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.limit.QueryThreads;
import io.graphstaging.core.limit.QueryTimer;
import io.graphstaging.core.limit.UnstreamedAnswers;
import io.graphstaging.core.model.SpoolDirectory;

/**
 * Values that more than one adapter shares, configured once and handed to each: the spool
 * directory (object store and staging store), the memory budget (staging and graph databases),
 * the query limits and what enforces them server-wide: the query threads, the bytes of unstreamed
 * answers, the time limit (SQL and Cypher).
 */
public final class PlatformModule extends AbstractModule {
    private final SpoolDirectory spool;
    private final MemoryBudget memoryBudget;
    private final QueryLimits queryLimits;

    public PlatformModule(SpoolDirectory spool, MemoryBudget memoryBudget, QueryLimits queryLimits) {
        this.spool = spool;
        this.memoryBudget = memoryBudget;
        this.queryLimits = queryLimits;
    }

    @Override
    protected void configure() {
        bind(SpoolDirectory.class).toInstance(spool);
        bind(MemoryBudget.class).toInstance(memoryBudget);
        bind(QueryLimits.class).toInstance(queryLimits);
        bind(QueryThreads.class).toInstance(new QueryThreads(queryLimits.threads()));
        bind(UnstreamedAnswers.class).toInstance(new UnstreamedAnswers(queryLimits));
        Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class)
                .addBinding().to(QueryTimer.class);
    }

    /** One timer thread for the server, registered to be closed at shutdown (its thread stops). */
    @Provides
    @Singleton
    QueryTimer queryTimer() {
        return new QueryTimer(queryLimits.timeout());
    }
}
