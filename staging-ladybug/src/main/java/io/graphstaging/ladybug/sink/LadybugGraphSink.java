package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableStats;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.StagingStore;
import io.graphstaging.core.task.ProgressListener;
import io.graphstaging.ladybug.LadybugConfig;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.LadybugException;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link GraphSink} on LadybugDB: one database file per graph, {@code <dir>/<graph_id>.lbug}.
 *
 * <p><b>Materialize.</b> The graph table's column order decides the export: an existing table's
 * declared order, or, when the table is created, {@code identifier} (the primary key) and the
 * other staged columns for a node table, {@code src, dst} and the properties for a relationship
 * table between the node tables the options name. The staged relation is exported once and
 * loaded with {@code COPY ... FROM}; the export file is deleted on success and on failure.
 *
 * <p><b>Within the buffer pool.</b> {@link TableCopy} shapes each load to the graph's buffer
 * pool ({@link CopyMemory}): fewer threads for wide tables, batches for a new table with many
 * keys, and a refusal ({@code INVALID_REQUEST} naming the size needed) before anything is written
 * for a load that cannot fit.
 *
 * <p><b>Re-materialize loads only what is new.</b> Into an empty table the export is copied
 * as is. Into a table that has rows, the copy reads the export through an anti-join: node rows
 * whose key is already in the table, and relationships whose (source, destination) pair is
 * already connected by this table, are left out. Existing rows are never updated: a changed
 * property of an existing node or edge is not applied by a re-materialize.
 *
 * <p><b>Counts are exact.</b> {@code rowsIngested} counts the exported rows that are in the graph
 * after the call (newly loaded plus already present); {@code rowsRejected} the rows the graph
 * refused (e.g. an edge whose endpoint node does not exist). They are measured by counting the
 * already present rows and the table's rows before and after the copy, so rows in = ingested +
 * rejected. With {@code ignoreErrors=false} the first rejected row fails the copy, which the
 * engine rolls back; a table this call created is dropped again, so the graph is as it was; a
 * copy that succeeds has then loaded every offered row, so no counting is needed.
 *
 * <p><b>A killed process.</b> A table this call creates is marked inside the graph database
 * until its copy is done ({@link UnfinishedTables}); when the database next opens, a table still
 * marked is dropped.
 *
 * <p>Work on one graph is serialised; different graphs proceed in parallel. Databases open on
 * use and close when idle or when memory is short ({@link GraphDatabases}).
 */
public final class LadybugGraphSink implements GraphSink, AutoCloseable {
    private final GraphDatabases databases;
    private final TableCopy copy;
    private final Path databaseDir;

    /**
     * @param budget each open graph database reserves its buffer pool from it; idle databases
     *               are closed when it runs short
     */
    @Inject
    public LadybugGraphSink(LadybugConfig config, MemoryBudget budget) {
        this.databaseDir = config.databaseDir();
        this.databases = new GraphDatabases(config, budget, UnfinishedTables::dropLeftovers);
        this.copy = new TableCopy(config.bufferPoolBytes(), config.maxThreads());
    }

    @Override
    public MaterializeResult materialize(GraphId graph, TableSchema schema, StagingStore staging,
                                         MaterializeOptions options) {
        return materialize(graph, schema, staging, options, new Cancellation(), ProgressListener.NONE);
    }

    /**
     * Cancelling interrupts the engine in whatever statement it runs (a new table is dropped
     * again; a copy into an existing table is undone by the engine) and throws the cancel's error.
     */
    @Override
    public MaterializeResult materialize(GraphId graph, TableSchema schema, StagingStore staging,
                                         MaterializeOptions options, Cancellation cancellation,
                                         ProgressListener progress) {
        cancellation.throwIfCancelled();
        if (schema.kind() == TableKind.PLAIN) {
            throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Table " + schema.table()
                    + " is neither a node table (an 'identifier' column) nor a relationship table ('from' and 'to' columns)");
        }
        try {
            return databases.write(graph, connection -> {
                try (CopyInterrupt stop = new CopyInterrupt(connection, cancellation)) {
                    return load(connection, schema, staging, options, stop);
                } catch (LadybugException e) {
                    throw new StagingException(ErrorCode.GRAPH_FAILED,
                            "Materializing table " + schema.table() + " into graph " + graph + " failed: " + e.getMessage(), e);
                }
            });
        } catch (StagingException e) {
            cancellation.throwIfCancelled(); // an interrupted copy fails as the cancel
            throw e;
        }
    }

    private MaterializeResult load(Connection connection, TableSchema schema, StagingStore staging,
                                   MaterializeOptions options, CopyInterrupt stop) {
        Optional<GraphTable> existing = GraphCatalog.find(connection, schema.table().value());
        LoadPlan plan = existing.isPresent()
                ? LoadPlan.forExisting(existing.get(), schema, options)
                : LoadPlan.forNew(connection, schema, options);
        copy.checkColumnsFit(schema, plan);
        boolean created = plan.createStatement().isPresent();
        if (created) {
            // Committed before the table exists: a process killed from here on leaves the mark.
            UnfinishedTables.begin(connection, plan.tableName());
        }
        try {
            if (created) {
                connection.execute(plan.createStatement().get());
            }
            MaterializeResult result = copy.run(connection, schema, staging, options, plan, created);
            if (created) {
                UnfinishedTables.finish(connection, plan.tableName());
            }
            return result;
        } catch (RuntimeException e) {
            if (created) {
                stop.close(); // the drop must not be interrupted
                dropCreated(connection, plan.tableName(), e);
            }
            throw e;
        }
    }

    // Leaves the graph as it was before this call; a failure to do so is attached to the error
    // (the table then keeps its mark, and is dropped when the database next opens).
    private static void dropCreated(Connection connection, String table, RuntimeException cause) {
        try {
            connection.execute("DROP TABLE IF EXISTS " + Cypher.identifier(table));
            UnfinishedTables.finish(connection, table);
        } catch (LadybugException dropFailure) {
            cause.addSuppressed(dropFailure);
        }
    }

    @Override
    public List<GraphTableStats> tables(GraphId graph) {
        try {
            return databases.readIfExists(graph, connection -> {
                List<GraphTableStats> stats = new ArrayList<>();
                GraphCatalog.tableKinds(connection).forEach((name, kind) ->
                        stats.add(new GraphTableStats(name, kind, GraphCatalog.rowCount(connection, name, kind))));
                return stats;
            }).orElse(List.of());
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "Reading the tables of graph " + graph + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String engineVersion() {
        try {
            return Database.engineVersion();
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "The graph engine is not available: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkHealth() {
        engineVersion();
        try {
            Files.createDirectories(databaseDir);
        } catch (IOException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED,
                    "The graph database directory " + databaseDir + " cannot be created: " + e.getMessage(), e);
        }
        if (!Files.isWritable(databaseDir)) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "The graph database directory " + databaseDir + " is not writable");
        }
    }

    /** Graph databases open now (idle ones close after the idle timeout or when memory is short). */
    public int openDatabases() {
        return databases.openCount();
    }

    /** Closes every graph database; later calls fail with {@code SHUTTING_DOWN}. */
    @Override
    public void close() {
        databases.close();
    }
}
