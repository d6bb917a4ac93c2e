package io.graphstaging.core.port;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.GraphTarget;
import io.graphstaging.core.sync.GraphWrite;
import io.graphstaging.core.sync.GraphWriteResult;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.SyncRecord;
import io.graphstaging.core.task.ProgressListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The graph database of each graph, the destination of staged data. It reads and writes graph
 * tables in bulk through Parquet files it is handed or asked to write; it never talks to
 * staging. Throws only {@link io.graphstaging.core.error.StagingException}.
 */
public interface GraphSink {

    /**
     * The graph table a staging table goes into. Creates and alters nothing (a dry run and a
     * verify call it too): a table lacking staged columns is described as the next write will
     * extend it, and a missing table as the first write will create it (a node table keyed by {@code identifier}; a relationship
     * table between {@code from} and {@code to}, or, when not given, the only node table whose
     * key type matches the staged column and that holds at least one of {@code stagedEndpoints}).
     *
     * @throws io.graphstaging.core.error.StagingException {@code SCHEMA_MISMATCH} naming the
     *         columns when the staged table does not fit the graph table or a type is not
     *         supported; {@code INVALID_REQUEST} naming the candidates when endpoints cannot be
     *         inferred, or when a given endpoint is not a node table of the graph
     */
    GraphTarget target(GraphId graph, TableSchema schema, Optional<TableName> from, Optional<TableName> to,
                       Optional<EndpointKeys> stagedEndpoints);

    /**
     * Writes to {@code out} the graph table's rows, in {@link GraphTarget#columns()}: all of
     * them, or only those of {@code keys} (a Parquet file of key columns); a column the graph
     * table does not have yet is NULL in every row. The caller owns the file.
     */
    ParquetFile exportRows(GraphId graph, GraphTarget target, Optional<ParquetFile> keys, Path out);

    /**
     * The endpoint keys the graph's endpoint node tables hold, written to the two paths: at least
     * every key of {@code candidates} that is there, and no key that is not there (a sink may
     * write all of a node table's keys when that is cheaper than looking the candidates up).
     */
    EndpointKeys presentEndpoints(GraphId graph, GraphTarget target, EndpointKeys candidates, Path outFrom, Path outTo);

    /**
     * Every key the endpoint node tables of a relationship target hold, written to the two paths
     * (one column {@code key}, typed as the staged endpoint column), when the sink can write them
     * exactly as staging holds them; else empty, nothing written. A sync of a whole table checks
     * its endpoints against these, without staging listing its endpoint values first.
     */
    Optional<EndpointKeys> endpointKeys(GraphId graph, GraphTarget target, Path outFrom, Path outTo);

    /**
     * Writes in bulk, in this order: the inserts (one copy; a row the engine refuses fails it
     * before anything else is written, unless errors are ignored), the updates, the removals (a
     * removed node takes its relationships along), and last the sync record: asked for
     * ({@code recordAfter}) and nothing refused, it is written exact ({@link SyncRecord#exact()});
     * otherwise a record the table has is kept at its position with the new row count, not
     * exact. Any other write to a table discards its record. A missing table is created first. A rebuild replaces the
     * table (with {@code cascade} also empties the relationship tables pointing at it) only once
     * its inserts are all in: one the engine refuses, a cancel or a failure leaves the old rows,
     * the relationship tables and their sync records as they were.
     *
     * @throws io.graphstaging.core.error.StagingException {@code GRAPH_REJECTED_ROWS} when the
     *         engine refused an insert row and errors are not ignored; {@code TABLE_IN_USE}
     *         for a rebuild without cascade of a node table relationship rows point at;
     *         {@code INVALID_REQUEST} for a load the buffer pool cannot hold; {@code GRAPH_FAILED}
     */
    GraphWriteResult write(GraphId graph, GraphTarget target, GraphWrite write);

    /**
     * {@link #write(GraphId, GraphTarget, GraphWrite)} that a cancel stops: the sink stops its
     * statements and leaves the graph table and its sync record as before the call, then throws
     * the cancellation's error. It may report the rows written ({@code loading}, unit rows) to
     * {@code progress}. This default hears a cancel only before the write starts, for sinks
     * whose writes cannot be stopped.
     */
    default GraphWriteResult write(GraphId graph, GraphTarget target, GraphWrite write, Cancellation cancellation,
                                   ProgressListener progress) {
        cancellation.throwIfCancelled();
        return write(graph, target, write);
    }

    /** The sync record of every graph table that has one, by graph table name. */
    Map<String, SyncRecord> syncRecords(GraphId graph);

    /** Node and relationship tables with their row counts; empty for a graph never materialized. */
    List<GraphTableStats> tables(GraphId graph);

    /** The graph engine's version, e.g. {@code 0.14.3}. */
    String engineVersion();

    /** Throws {@code GRAPH_FAILED} when the engine cannot be used. */
    void checkHealth();
}
