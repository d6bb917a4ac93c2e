package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.sync.RejectPage;
import jakarta.inject.Inject;

/** The rejects the last materialize of a table kept, a page at a time. */
public final class ListRejects {
    /** The largest page. */
    public static final int MAX_LIMIT = PageBounds.MAX_LIMIT;

    private final SyncPlanner planner;

    @Inject
    public ListRejects(SyncPlanner planner) {
        this.planner = planner;
    }

    public RejectPage execute(GraphId graph, TableName table, long limit, long offset) {
        PageBounds.check(limit, offset);
        return planner.rejects(graph, table, limit, offset);
    }
}
