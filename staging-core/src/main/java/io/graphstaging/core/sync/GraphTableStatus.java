package io.graphstaging.core.sync;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphTableKind;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Staging against the graph for one table.
 *
 * @param stagedRows          empty for a graph table without a staging table
 * @param inSync              the table's last sync completed and nothing was staged, appended or deleted since
 * @param pendingFileIds      staged files added since the last sync (all of them without one)
 * @param lastMaterializedAt  when the last sync completed
 */
public record GraphTableStatus(String tableName, GraphTableKind kind, Optional<Long> stagedRows, long graphRows,
                               boolean inSync, List<FileId> pendingFileIds, Optional<Instant> lastMaterializedAt) {
    public GraphTableStatus {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(kind, "kind");
        pendingFileIds = List.copyOf(pendingFileIds);
    }
}
