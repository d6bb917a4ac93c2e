package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QuarantinePage;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;

/** The rows a {@code quarantine} contract kept aside from a table, a page at a time. */
public final class ListQuarantine {
    /** The largest page. */
    public static final int MAX_LIMIT = 10_000;

    private final StagingStore store;

    @Inject
    public ListQuarantine(StagingStore store) {
        this.store = store;
    }

    /** @throws StagingException {@code INVALID_PARAMETER}; {@code TABLE_NOT_FOUND} */
    public QuarantinePage execute(GraphId graph, TableName table, long limit, long offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "limit must be 1 to " + MAX_LIMIT
                    + " and offset at least 0; got limit " + limit + ", offset " + offset);
        }
        return store.quarantine(graph, table, limit, offset);
    }
}
