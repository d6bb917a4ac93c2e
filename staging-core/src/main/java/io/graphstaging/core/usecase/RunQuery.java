package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.port.StagingQueries;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/** Runs sandboxed user SQL against one graph, whole or streamed in chunks. */
public final class RunQuery {
    /** A non-streamed answer is held in memory; past this, clients must stream. */
    public static final int MAX_UNSTREAMED_ROWS = 100_000;
    public static final int MIN_CHUNK_SIZE = 10;
    public static final int MAX_CHUNK_SIZE = 10_000;

    private final StagingQueries queries;

    @Inject
    public RunQuery(StagingQueries queries) {
        this.queries = queries;
    }

    public QueryResult all(GraphId graph, SqlQuery query) {
        return queries.query(graph, query, MAX_UNSTREAMED_ROWS);
    }

    public void stream(GraphId graph, SqlQuery query, int chunkSize, Consumer<QueryChunk> consumer) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "chunk_size must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE + ", was " + chunkSize);
        }
        queries.stream(graph, query, chunkSize, consumer);
    }
}
