package io.graphstaging.core.testing;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.StagingStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link GraphSink} in memory, for use-case tests. Like the real sink it asks the staging
 * store for one export (and closes it); it keeps, per graph table, the row count of the last
 * export (a re-materialize replaces, so it is idempotent). It rejects nothing, unless told to
 * with {@link #rejectNext}.
 */
public final class InMemoryGraphSink implements GraphSink {
    private final Map<GraphId, Map<String, GraphTableStats>> graphs = new LinkedHashMap<>();
    private final List<MaterializeOptions> calls = new ArrayList<>();
    private Optional<Long> rejectNext = Optional.empty();

    /** The next materialize rejects this many rows (failing when errors are not ignored). */
    public synchronized void rejectNext(long rows) {
        rejectNext = Optional.of(rows);
    }

    /** The options of every materialize so far. */
    public synchronized List<MaterializeOptions> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized MaterializeResult materialize(GraphId graph, TableSchema schema, StagingStore staging,
                                                      MaterializeOptions options) {
        calls.add(options);
        if (schema.kind() == TableKind.PLAIN) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + schema.table() + " is neither a node nor a relationship table");
        }
        List<String> columns = schema.columns().stream().map(Column::name)
                .filter(c -> !c.equals(TableKind.FILE_ID)).toList();
        long rejected = rejectNext.orElse(0L);
        rejectNext = Optional.empty();
        try (ParquetExport export = staging.exportParquet(graph, schema.table(), columns, options.fileIds())) {
            if (rejected > 0 && !options.ignoreErrors()) {
                throw new StagingException(ErrorCode.GRAPH_REJECTED_ROWS, "The graph rejected rows of table " + schema.table());
            }
            long rows = export.rowCount();
            GraphTableKind kind = schema.kind() == TableKind.NODE ? GraphTableKind.NODE : GraphTableKind.RELATIONSHIP;
            graphs.computeIfAbsent(graph, g -> new LinkedHashMap<>())
                    .put(schema.table().value(), new GraphTableStats(schema.table().value(), kind, rows - rejected));
            return new MaterializeResult(graph, schema.table(), false, rows - rejected, rejected);
        }
    }

    @Override
    public synchronized List<GraphTableStats> tables(GraphId graph) {
        return List.copyOf(graphs.getOrDefault(graph, Map.of()).values());
    }

    @Override
    public String engineVersion() {
        return "in-memory";
    }

    @Override
    public void checkHealth() {
        // Always healthy: nothing external to reach.
    }
}
