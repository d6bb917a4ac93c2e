package io.graphstaging.http.bootstrap;

import com.google.inject.AbstractModule;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.limit.QueryLimits;
import io.graphstaging.core.model.SpoolDirectory;

/**
 * Values that more than one adapter shares, configured once and handed to each: the spool
 * directory (object store and staging store), the memory budget (staging and graph databases),
 * the query limits (SQL and Cypher).
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
    }
}
