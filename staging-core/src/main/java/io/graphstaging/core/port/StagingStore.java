package io.graphstaging.core.port;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
import io.graphstaging.core.model.QuarantinePage;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.core.model.TableSummary;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Per-graph staging tables built from local Parquet files.
 *
 * <p>Semantics (see architecture.md, "Staging semantics"): a table's kind follows its columns;
 * rows are kept per source file and readers see the deduplicated relation, the later file
 * (and within a file the later row) winning; every mutation is atomic: when it fails, for
 * whatever reason, the table is as it was. A disk that fills up is {@code STORAGE_FULL} (naming
 * the directory by its setting), for every method that writes.
 *
 * <p>A file fits a table when it has the table's key columns ({@code identifier}, or
 * {@code from} and {@code to}) without NULLs, no column the table lacks, and exactly the
 * table's type for each column it has; columns it lacks read as NULL. A table created with
 * file ids has a {@code file_id} column; the source files may not have one of their own. That is
 * the default {@link SchemaContract}; a table's contract can relax it ({@code evolve}: see
 * {@link io.graphstaging.core.model.SchemaDrift}; {@code quarantine}: rows with a NULL key or a
 * value that does not cast are kept aside, listed by {@link #quarantine}, and the rest staged).
 * Quarantined rows belong to their file: replacing or deleting the file's rows replaces or
 * deletes them too.
 *
 * <p>Throws only {@link io.graphstaging.core.error.StagingException}.
 */
public interface StagingStore {

    /**
     * Creates the table from the files, in order, replacing an existing one atomically: on any
     * failure the old table is left as it was.
     *
     * @param location the pattern as the client wrote it, kept for listings
     * @throws io.graphstaging.core.error.StagingException {@code UNREADABLE_FILE} or
     *         {@code SCHEMA_MISMATCH} naming the file
     */
    StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location);

    /**
     * {@link #createTable(GraphId, TableName, List, String)} that can be stopped: cancelling
     * interrupts the engine and throws the cancellation's error, the old table left as it was.
     * This default, for stores with nothing to interrupt, checks before it starts.
     */
    default StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location,
                                    Cancellation cancellation) {
        cancellation.throwIfCancelled();
        return createTable(graph, table, files, location);
    }

    /**
     * {@link #createTable(GraphId, TableName, List, String, Cancellation)} under a schema contract,
     * which the table keeps; the files after the first one may evolve the table as it allows.
     */
    StagedTable createTable(GraphId graph, TableName table, List<SourceFile> files, String location,
                            SchemaContract contract, Cancellation cancellation);

    /**
     * Adds files to an existing table, reading only those files. A file already staged (same
     * {@link SourceFile#provenanceKey()}) has its rows replaced, not doubled.
     *
     * @throws io.graphstaging.core.error.StagingException {@code TABLE_NOT_FOUND},
     *         {@code SCHEMA_MISMATCH} (the table is unchanged)
     */
    StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files);

    /**
     * {@link #appendFiles(GraphId, TableName, List)} that can be stopped: cancelling interrupts
     * the engine and throws the cancellation's error, the table unchanged. This default, for
     * stores with nothing to interrupt, checks before it starts.
     */
    default StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files,
                                    Cancellation cancellation) {
        cancellation.throwIfCancelled();
        return appendFiles(graph, table, files);
    }

    /**
     * {@link #appendFiles(GraphId, TableName, List, Cancellation)} under the table's contract, or
     * under {@code contract} when given, which then replaces the table's (in the same
     * transaction: a refused file leaves the old contract). Columns an {@code evolve} contract
     * adds are added to the table in place, not by a rebuild.
     */
    StagedTable appendFiles(GraphId graph, TableName table, List<SourceFile> files, Optional<SchemaContract> contract,
                            Cancellation cancellation);

    /**
     * Sets the table's contract for the files staged from now on; staged rows stay as they are.
     *
     * @throws io.graphstaging.core.error.StagingException {@code TABLE_NOT_FOUND}
     */
    TableSummary changeContract(GraphId graph, TableName table, SchemaContract contract);

    /**
     * A page of the table's quarantined rows, ordered by file (staging order) and row.
     *
     * @throws io.graphstaging.core.error.StagingException {@code TABLE_NOT_FOUND}
     */
    QuarantinePage quarantine(GraphId graph, TableName table, long limit, long offset);

    /**
     * Reads a file's columns without staging it.
     *
     * @throws io.graphstaging.core.error.StagingException {@code UNREADABLE_FILE}
     */
    List<Column> readSchema(GraphId graph, SourceFile file);

    /** Tables of the graph; empty (and nothing created on disk) for a graph never staged. */
    List<TableSummary> listTables(GraphId graph);

    /** The visible schema of one table; empty when it does not exist. */
    Optional<TableSchema> describeTable(GraphId graph, TableName table);

    /** Drops the table; returns whether it existed. */
    boolean dropTable(GraphId graph, TableName table);

    /**
     * Deletes one file's staged rows (and its quarantined ones); rows of the same key that other
     * staged files hold become visible again. Returns the number of that file's staged rows removed (0 for a missing
     * table or an unknown id).
     *
     * @throws io.graphstaging.core.error.StagingException {@code NO_FILE_ID_COLUMN} when the
     *         table exists but carries no {@code file_id}
     */
    long deleteFileRows(GraphId graph, TableName table, FileId fileId);

    /**
     * Writes the deduplicated relation (without {@code file_id}) to a local Parquet file, each
     * column as {@link io.graphstaging.core.model.GraphColumnTransfer} says it travels to the graph.
     *
     * @param columns   the columns to write, in this order (the graph table's order)
     * @param onlyFiles when not empty, only rows that came from these files
     * @throws io.graphstaging.core.error.StagingException {@code TABLE_NOT_FOUND},
     *         {@code SCHEMA_MISMATCH} naming a column the table lacks or one that cannot reach the
     *         graph exact
     */
    ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns, Set<FileId> onlyFiles);
}
