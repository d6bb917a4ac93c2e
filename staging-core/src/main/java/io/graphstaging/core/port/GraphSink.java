package io.graphstaging.core.port;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.task.ProgressListener;
import java.util.List;

/**
 * The graph database of each graph, the destination of staged data. Throws only
 * {@link io.graphstaging.core.error.StagingException}.
 */
public interface GraphSink {

    /**
     * Loads a staged table into the graph. The sink asks {@code staging} for a Parquet export
     * in the column order its graph table declares, loads it with one bulk copy and closes the
     * export (deleting its file) on success and on failure. A missing graph table is created
     * from {@code schema} (a node table keyed by {@code identifier}; a relationship table between
     * the node tables the options name). Re-materializing rows already in the graph neither
     * fails nor duplicates them. Rows in = {@code rowsIngested + rowsRejected}.
     *
     * @param schema the staged table's visible schema
     * @throws io.graphstaging.core.error.StagingException {@code SCHEMA_MISMATCH} naming the
     *         columns when the staged table does not fit the graph table or a type is not
     *         supported; {@code INVALID_REQUEST} when a relationship table must be created and
     *         its endpoint node tables are not given or not in the graph;
     *         {@code GRAPH_REJECTED_ROWS} when a row is rejected and errors are not ignored (the
     *         graph is left as it was); {@code GRAPH_FAILED} for other engine failures
     */
    MaterializeResult materialize(GraphId graph, TableSchema schema, StagingStore staging, MaterializeOptions options);

    /**
     * {@link #materialize(GraphId, TableSchema, StagingStore, MaterializeOptions)} that can be
     * stopped and reports its phases ({@code exporting}, {@code loading}). Cancelling interrupts
     * the copy and throws the cancellation's error; the export file is deleted. This default,
     * for sinks with nothing to interrupt, checks before it starts.
     */
    default MaterializeResult materialize(GraphId graph, TableSchema schema, StagingStore staging,
                                          MaterializeOptions options, Cancellation cancellation,
                                          ProgressListener progress) {
        cancellation.throwIfCancelled();
        return materialize(graph, schema, staging, options);
    }

    /** Node and relationship tables with their row counts; empty for a graph never materialized. */
    List<GraphTableStats> tables(GraphId graph);

    /** The graph engine's version, e.g. {@code 0.14.3}. */
    String engineVersion();

    /** Throws {@code GRAPH_FAILED} when the engine cannot be used. */
    void checkHealth();
}
