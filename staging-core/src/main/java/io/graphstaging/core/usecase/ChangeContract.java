package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Changes a staging table's schema contract (for the files staged from now on), and the
 * registry's copy when the table is registered, so that a refresh keeps it.
 */
public final class ChangeContract {
    private final StagingStore store;
    private final FileRegistry registry;
    private final TableLocks locks;

    @Inject
    public ChangeContract(StagingStore store, FileRegistry registry, TableLocks locks) {
        this.store = store;
        this.registry = registry;
        this.locks = locks;
    }

    /**
     * Sets the given fields of the contract (wire forms), keeping the others.
     *
     * @throws io.graphstaging.core.error.StagingException {@code TABLE_NOT_FOUND};
     *         {@code INVALID_REQUEST} for a value that is not a contract's
     */
    public TableSummary execute(GraphId graph, TableName table, Optional<String> columns, Optional<String> rows) {
        return TableLocks.join(submit(graph, table, columns, rows));
    }

    /** Queues the change on the table ({@link TableLocks}); the future completes as {@link #execute} returns. */
    public CompletableFuture<TableSummary> submit(GraphId graph, TableName table, Optional<String> columns,
                                                  Optional<String> rows) {
        return locks.onTable(graph, table, () -> {
            TableSummary current = store.listTables(graph).stream()
                    .filter(t -> t.table().value().equalsIgnoreCase(table.value())).findFirst()
                    .orElseThrow(() -> new StagingException(ErrorCode.TABLE_NOT_FOUND,
                            "Table " + table + " does not exist in graph " + graph));
            SchemaContract changed = current.contract().with(columns, rows);
            // The registry first: when it fails, nothing changed; a store that fails after it leaves the
            // registry ahead, which the next refresh applies anyway.
            registry.setSchemaContract(graph, table, changed);
            return store.changeContract(graph, table, changed);
        });
    }
}
