package io.graphstaging.core.sync;

import java.util.Objects;
import java.util.Optional;

/**
 * The writes of one materialize, in bulk.
 *
 * @param rebuild      empty the graph table first (with {@code cascade}, also the relationship
 *                     tables pointing at it)
 * @param recordAfter  when present, the staging position the graph table equals once written:
 *                     the sync record written last
 */
public record GraphWrite(ParquetFile inserts, ParquetFile updates, ParquetFile removals, boolean rebuild,
                         boolean cascade, boolean ignoreErrors, Optional<StagingPosition> recordAfter) {
    public GraphWrite {
        Objects.requireNonNull(inserts, "inserts");
        Objects.requireNonNull(updates, "updates");
        Objects.requireNonNull(removals, "removals");
        Objects.requireNonNull(recordAfter, "recordAfter");
    }
}
