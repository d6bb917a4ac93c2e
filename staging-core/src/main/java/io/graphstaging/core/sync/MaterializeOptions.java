package io.graphstaging.core.sync;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How to make a graph table follow its staging table.
 *
 * @param ignoreErrors   leave rejected rows out (counted and kept) instead of failing
 * @param fileIds        when not empty, only visible rows whose winning row comes from these files
 * @param fromNodeTable  for a relationship table the graph lacks: its source node table
 * @param toNodeTable    likewise, its destination node table
 * @param cascade        a rebuild of a node table also empties the relationship tables pointing at it
 * @param dryRun         compute the answer, write nothing
 * @param verify         compare with the graph's whole content (implies {@code dryRun})
 */
public record MaterializeOptions(SyncMode mode, boolean ignoreErrors, Set<FileId> fileIds,
                                 Optional<TableName> fromNodeTable, Optional<TableName> toNodeTable, boolean cascade,
                                 boolean dryRun, boolean verify) {
    public MaterializeOptions {
        Objects.requireNonNull(mode, "mode");
        fileIds = Set.copyOf(fileIds);
        Objects.requireNonNull(fromNodeTable, "fromNodeTable");
        Objects.requireNonNull(toNodeTable, "toNodeTable");
        dryRun = dryRun || verify;
    }

    /** A plain sync of every row, failing on any reject. */
    public static MaterializeOptions sync() {
        return new MaterializeOptions(SyncMode.SYNC, false, Set.of(), Optional.empty(), Optional.empty(), false, false, false);
    }
}
