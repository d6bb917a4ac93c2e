package io.graphstaging.core.usecase;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QuarantinePage;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;

/** The rows a {@code quarantine} contract kept aside from a table, a page at a time. */
public final class ListQuarantine {
    /** The largest page. */
    public static final int MAX_LIMIT = PageBounds.MAX_LIMIT;

    private final StagingStore store;

    @Inject
    public ListQuarantine(StagingStore store) {
        this.store = store;
    }

    /** @throws StagingException {@code INVALID_PARAMETER}; {@code TABLE_NOT_FOUND} */
    public QuarantinePage execute(GraphId graph, TableName table, long limit, long offset) {
        PageBounds.check(limit, offset);
        return store.quarantine(graph, table, limit, offset);
    }
}
