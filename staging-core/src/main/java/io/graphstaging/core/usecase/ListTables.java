package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.List;

/** Lists a graph's staging tables; creates nothing for an unknown graph. */
public final class ListTables {
    private final StagingStore store;

    @Inject
    public ListTables(StagingStore store) {
        this.store = store;
    }

    public List<TableSummary> execute(GraphId graph) {
        return store.listTables(graph);
    }
}
