package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.SyncPlanner;
import io.graphstaging.core.sync.RejectPage;
import jakarta.inject.Inject;

/** The rejects the last materialize of a table kept, a page at a time. */
public final class ListRejects {
    /** The largest page. */
    public static final int MAX_LIMIT = 10_000;

    private final SyncPlanner planner;

    @Inject
    public ListRejects(SyncPlanner planner) {
        this.planner = planner;
    }

    public RejectPage execute(GraphId graph, TableName table, long limit, long offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "limit must be 1 to " + MAX_LIMIT
                    + " and offset at least 0; got limit " + limit + ", offset " + offset);
        }
        return planner.rejects(graph, table, limit, offset);
    }
}
