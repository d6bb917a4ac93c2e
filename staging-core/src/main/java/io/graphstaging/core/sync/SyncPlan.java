package io.graphstaging.core.sync;

import io.graphstaging.core.model.FileId;
import java.util.List;
import java.util.Set;

/**
 * What to write so the graph table follows staging, as Parquet files the plan owns (closing it
 * deletes them).
 *
 * @param inserts      rows of keys new to the graph, in {@link GraphTarget#columns()}
 * @param updates      rows of keys in the graph whose property values differ, same columns
 * @param removals     keys of graph rows no longer staged (key columns only)
 * @param rejects      every rejected row: key columns, {@code file_id}, {@code reason}
 * @param firstRejects the first 100 of them
 * @param filesInGraph the staged files with at least one row in the graph once the plan is written
 */
public record SyncPlan(ParquetFile inserts, ParquetFile updates, ParquetFile removals, ParquetFile rejects,
                       SyncCounts counts, List<Reject> firstRejects, Set<FileId> filesInGraph) implements AutoCloseable {
    /** How many rejects an answer lists. */
    public static final int LISTED_REJECTS = 100;

    public SyncPlan {
        firstRejects = List.copyOf(firstRejects);
        filesInGraph = Set.copyOf(filesInGraph);
    }

    @Override
    public void close() {
        try (ParquetFile i = inserts; ParquetFile u = updates; ParquetFile r = removals; ParquetFile j = rejects) {
            // all four deleted, the first failure reported
        }
    }
}
