package io.graphstaging.core.sync;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a materialize: {@code rowsStaged = rowsInserted + rowsUpdated + rowsUnchanged +
 * rowsSkipped + rowsRejected}; {@code rowsIngested() = rowsInserted + rowsUpdated}.
 *
 * @param skipped       the staging table did not exist; nothing was done
 * @param rejects       the first rejected rows (at most 100)
 * @param emptiedTables relationship tables a cascade emptied
 * @param wouldFail     a dry run found what would make the real call fail (rejects without ignore_errors)
 * @param drift         with verify: where the graph differs from the rows in scope
 */
public record MaterializeResult(GraphId graph, TableName table, boolean skipped, SyncMode mode, long rowsStaged,
                                long rowsInserted, long rowsUpdated, long rowsUnchanged, long rowsSkipped,
                                long rowsRejected, long rowsDeleted, long relationshipsRemoved, List<Reject> rejects,
                                List<String> emptiedTables, boolean dryRun, boolean wouldFail, Optional<Drift> drift) {
    public MaterializeResult {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(mode, "mode");
        rejects = List.copyOf(rejects);
        emptiedTables = List.copyOf(emptiedTables);
        Objects.requireNonNull(drift, "drift");
    }

    public static MaterializeResult skipped(GraphId graph, TableName table, MaterializeOptions options) {
        return new MaterializeResult(graph, table, true, options.mode(), 0, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(),
                options.dryRun(), false, Optional.empty());
    }

    /** Rows written by this call. */
    public long rowsIngested() {
        return rowsInserted + rowsUpdated;
    }
}
