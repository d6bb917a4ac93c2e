package io.graphstaging.core.port;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import java.util.List;

/**
 * The graph database of each graph, the destination of staged data. Throws only
 * {@link io.graphstaging.core.error.StagingException}.
 */
public interface GraphSink {

    /**
     * Loads a staged table into the graph. The sink asks {@code staging} for a Parquet export
     * in the column order its graph table declares, and loads it with one bulk copy.
     *
     * @param schema the staged table's visible schema
     */
    MaterializeResult materialize(GraphId graph, TableSchema schema, StagingStore staging, MaterializeOptions options);

    /** Node and relationship tables with their row counts; empty for a graph never materialized. */
    List<GraphTableStats> tables(GraphId graph);

    /** The graph engine's version, e.g. {@code 0.14.3}. */
    String engineVersion();

    /** Throws {@code GRAPH_FAILED} when the engine cannot be used. */
    void checkHealth();
}
