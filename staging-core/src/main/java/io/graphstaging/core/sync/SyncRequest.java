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
 * @param presentEndpoints for a relationship table, the endpoint keys the graph holds
 */
public record SyncRequest(GraphId graph, TableName table, GraphTarget target, SyncMode mode, Set<FileId> fileIds,
                          Optional<ParquetFile> changedKeys, Optional<ParquetFile> graphRows,
                          Optional<EndpointKeys> presentEndpoints) {
    public SyncRequest {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(mode, "mode");
        fileIds = Set.copyOf(fileIds);
        Objects.requireNonNull(changedKeys, "changedKeys");
        Objects.requireNonNull(graphRows, "graphRows");
        Objects.requireNonNull(presentEndpoints, "presentEndpoints");
    }
}
