package io.graphstaging.core.port;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ParquetExport;
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
 * file ids has a {@code file_id} column; the source files may not have one of their own.
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
     * Deletes one file's staged rows; rows of the same key that other staged files hold become
     * visible again. Returns the number of that file's staged rows removed (0 for a missing
     * table or an unknown id).
     *
     * @throws io.graphstaging.core.error.StagingException {@code NO_FILE_ID_COLUMN} when the
     *         table exists but carries no {@code file_id}
     */
    long deleteFileRows(GraphId graph, TableName table, FileId fileId);

    /**
     * Writes the deduplicated relation (without {@code file_id}) to a local Parquet file.
     *
     * @param columns   the columns to write, in this order (the graph table's order)
     * @param onlyFiles when not empty, only rows that came from these files
     * @throws io.graphstaging.core.error.StagingException {@code TABLE_NOT_FOUND},
     *         {@code SCHEMA_MISMATCH} naming a column the table lacks
     */
    ParquetExport exportParquet(GraphId graph, TableName table, List<String> columns, Set<FileId> onlyFiles);
}
