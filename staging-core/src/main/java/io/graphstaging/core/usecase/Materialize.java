package io.graphstaging.core.usecase;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.StagingStore;
import jakarta.inject.Inject;
import java.util.Optional;

/** Copies a staging table into the graph database and records the files as ingested. */
public final class Materialize {
    private final StagingStore store;
    private final GraphSink sink;
    private final FileRegistry registry;
    private final TableLocks locks;

    @Inject
    public Materialize(StagingStore store, GraphSink sink, FileRegistry registry, TableLocks locks) {
        this.store = store;
        this.sink = sink;
        this.registry = registry;
        this.locks = locks;
    }

    public MaterializeResult execute(GraphId graph, TableName table, MaterializeOptions options) {
        return locks.onTable(graph, table, () -> {
            Optional<TableSchema> schema = store.describeTable(graph, table);
            if (schema.isEmpty()) {
                return MaterializeResult.skipped(graph, table);
            }
            MaterializeResult result = sink.materialize(graph, schema.get(), store, options);
            if (!options.fileIds().isEmpty()) {
                registry.markIngested(graph, options.fileIds());
            }
            return result;
        });
    }
}
