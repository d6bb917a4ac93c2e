package io.graphstaging.http.api;

import io.graphstaging.core.sync.MaterializeResult;
import java.util.List;

/**
 * Answer of a materialize; {@code status} is {@code success} or {@code skipped} (with a
 * {@code reason}). {@code drift} only with verify.
 */
public record MaterializeResponse(String status, String reason, String graphId, String tableName, String mode,
                                  long rowsStaged, long rowsIngested, long rowsInserted, long rowsUpdated,
                                  long rowsUnchanged, long rowsSkipped, long rowsRejected, long rowsDeleted,
                                  long relationshipsRemoved, List<RejectInfo> rejects, List<String> emptiedTables,
                                  boolean dryRun, boolean wouldFail, DriftInfo drift, double executionTimeMs) {

    public static MaterializeResponse of(MaterializeResult r, double millis) {
        return new MaterializeResponse(r.skipped() ? "skipped" : "success",
                r.skipped() ? "Staging table " + r.table() + " does not exist; the graph table was left as it is" : null,
                r.graph().value(), r.table().value(), r.mode().wireName(), r.rowsStaged(), r.rowsIngested(),
                r.rowsInserted(), r.rowsUpdated(), r.rowsUnchanged(), r.rowsSkipped(), r.rowsRejected(), r.rowsDeleted(),
                r.relationshipsRemoved(), r.rejects().stream().map(j -> new RejectInfo(j.key(),
                        j.fileId().map(f -> f.value()).orElse(null), j.reason())).toList(), r.emptiedTables(), r.dryRun(),
                r.wouldFail(), r.drift().map(d -> new DriftInfo(d.missing(), d.different(), d.extra())).orElse(null), millis);
    }
}
