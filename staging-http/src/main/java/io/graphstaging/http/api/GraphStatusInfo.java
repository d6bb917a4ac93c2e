package io.graphstaging.http.api;

import java.time.Instant;
import java.util.List;

/** Staging against the graph for one table; {@code staged_rows} null for a graph table without a staging table. */
public record GraphStatusInfo(String tableName, String kind, Long stagedRows, long graphRows, boolean inSync,
                              List<String> pendingFileIds, Instant lastMaterializedAt) {}
