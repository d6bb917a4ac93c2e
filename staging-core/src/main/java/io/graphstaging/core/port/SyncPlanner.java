package io.graphstaging.core.port;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.sync.EndpointKeys;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.sync.RejectPage;
import io.graphstaging.core.sync.StagingPosition;
import io.graphstaging.core.sync.SyncPlan;
import io.graphstaging.core.sync.SyncRequest;
import io.graphstaging.core.sync.SyncedNodeTable;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Staging's side of a materialize: where a staging table stands, what changed since a position,
 * and what to write so the graph follows it, computed where the staged rows are. Files pass as
 * Parquet ({@link ParquetFile}); the caller owns every file it is given and closes it.
 *
 * <p>Throws only {@link io.graphstaging.core.error.StagingException}; {@code TABLE_NOT_FOUND}
 * for a staging table that does not exist.
 */
public interface SyncPlanner {

    /** The table's generation and version. */
    StagingPosition position(GraphId graph, TableName table);

    /** The ids among {@code fileIds} that no staged file of the table carries. */
    Set<FileId> unknownFileIds(GraphId graph, TableName table, Set<FileId> fileIds);

    /**
     * A fresh path, not yet existing, where another port may write a Parquet file for this
     * planner to read (the staging engine reads only its own directories).
     */
    Path workFile(GraphId graph, TableName table);

    /**
     * The distinct keys of the rows appended, replaced or deleted after {@code since} (columns:
     * the table's key columns); empty when that is unknown (another generation, or the log does
     * not reach back so far).
     */
    Optional<ParquetFile> changedKeys(GraphId graph, TableName table, StagingPosition since);

    /**
     * Whether the change log reaches back to {@code since} keeping, for every change after it,
     * the visible row the change replaced (or that the key had none). A graph table that held
     * exactly the staged visible rows as of {@code since} then holds, for each key changed since,
     * the row its first change after {@code since} replaced: {@link #plan} computes the sync from
     * the log alone ({@link SyncRequest#graphAt()}), without the graph's rows.
     */
    boolean keepsRowsSince(GraphId graph, TableName table, StagingPosition since);

    /**
     * For a relationship table whose graph table held exactly the staged visible rows as of
     * {@code since} ({@link #keepsRowsSince}): the distinct source and destination keys of the
     * rows in scope (of {@code fileIds} when not empty) that are new to such a graph table (their
     * key had no visible row then). Two empty files when there are none, found without reading
     * the staged rows.
     */
    EndpointKeys newEndpointsSince(GraphId graph, TableName table, Set<FileId> fileIds, StagingPosition since);

    /**
     * The keys of {@code candidates} (endpoint values of a relationship table's rows) that
     * staging's node tables hold as visible rows: sources in {@code from}, destinations in
     * {@code to}, whose graph tables hold exactly those rows as of the positions given. Answered
     * only while each node table still stands at its position, in the same read, and keys typed
     * as the candidates are; empty otherwise (something was staged since, the table was created
     * again or is no node table): then only the graph can say which keys it holds.
     */
    Optional<EndpointKeys> presentInStaging(GraphId graph, TableName table, EndpointKeys candidates, SyncedNodeTable from,
                                            SyncedNodeTable to);

    /**
     * Forgets the changes made at or before {@code through} (a position the graph table was
     * synced to, recorded): {@link #changedKeys} since an earlier position is empty afterwards,
     * so a sync from one compares with the graph. Nothing for another generation. Returns the
     * change entries removed.
     */
    long pruneChanges(GraphId graph, TableName table, StagingPosition through);

    /**
     * The distinct source and destination keys of a relationship table's rows in scope: only
     * rows of {@code fileIds} when not empty, only rows of {@code keys} when present.
     */
    EndpointKeys endpointValues(GraphId graph, TableName table, Set<FileId> fileIds, Optional<ParquetFile> keys);

    /** Compares the rows in scope with the graph's and says what to write. */
    SyncPlan plan(SyncRequest request);

    /** Replaces the rejects kept for the table with the plan's. */
    void keepRejects(GraphId graph, TableName table, SyncPlan plan);

    /** A page of the rejects kept for the table (none when no materialize kept any). */
    RejectPage rejects(GraphId graph, TableName table, long limit, long offset);

    /**
     * Staged files of the table added after {@code since}; every staged file when
     * {@code since} is empty or of another generation.
     */
    List<FileId> filesAddedSince(GraphId graph, TableName table, Optional<StagingPosition> since);
}
