package io.graphstaging.core.sync;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What staging is asked to compare.
 *
 * @param fileIds          when not empty, only visible rows whose winning row comes from these files
 * @param changedKeys      when present, only these keys can differ from the graph (the rest of
 *                         the scope is known to be unchanged)
 * @param graphRows        the graph's rows of the keys compared (all of them, or those of
 *                         {@code changedKeys}), in {@link GraphTarget#columns()}; empty when the
 *                         graph table is, or will be, empty
 * @param presentEndpoints for a relationship table, the endpoint keys the graph holds (for a sync
 *                         from {@code graphAt}: at least those of the rows new to the graph)
 * @param graphAt          when present, the graph table holds exactly the staged visible rows as
 *                         of this position (its sync record is exact, {@link SyncRecord#exact()}),
 *                         and the change log reaches back to it
 *                         ({@link io.graphstaging.core.port.SyncPlanner#keepsRowsSince}): staging
 *                         takes the keys changed since and the graph's rows of them from its own
 *                         log; {@code changedKeys} and {@code graphRows} are then empty
 */
public record SyncRequest(GraphId graph, TableName table, GraphTarget target, SyncMode mode, Set<FileId> fileIds,
                          Optional<ParquetFile> changedKeys, Optional<ParquetFile> graphRows,
                          Optional<EndpointKeys> presentEndpoints, Optional<StagingPosition> graphAt) {
    /** A request that compares with the graph's rows given (or with an empty graph table). */
    public SyncRequest(GraphId graph, TableName table, GraphTarget target, SyncMode mode, Set<FileId> fileIds,
                       Optional<ParquetFile> changedKeys, Optional<ParquetFile> graphRows,
                       Optional<EndpointKeys> presentEndpoints) {
        this(graph, table, target, mode, fileIds, changedKeys, graphRows, presentEndpoints, Optional.empty());
    }

    public SyncRequest {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        fileIds = Set.copyOf(fileIds);
        Objects.requireNonNull(changedKeys, "changedKeys");
        Objects.requireNonNull(graphRows, "graphRows");
        Objects.requireNonNull(presentEndpoints, "presentEndpoints");
        Objects.requireNonNull(graphAt, "graphAt");
        if (graphAt.isPresent() && (changedKeys.isPresent() || graphRows.isPresent() || mode == SyncMode.REBUILD)) {
            throw new IllegalArgumentException("A sync from the change log is given neither keys nor graph rows,"
                    + " and a rebuild compares nothing");
        }
    }
}
