package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.limit.QueryTimer;
import io.graphstaging.core.limit.UnstreamedAnswers;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.port.StagingQueries;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/**
 * Runs sandboxed user SQL against one graph, whole or streamed in chunks, within the query time
 * limit; a whole answer is bounded in rows and bytes ({@link UnstreamedAnswers}).
 */
public final class RunQuery {
    public static final int MIN_CHUNK_SIZE = 10;
    public static final int MAX_CHUNK_SIZE = 10_000;
    /** Rows fetched at a time while a whole answer is collected: the limits are checked this often. */
    static final int COLLECTING_CHUNK_SIZE = 1000;

    private final StagingQueries queries;
    private final QueryTimer timer;
    private final UnstreamedAnswers answers;

    @Inject
    public RunQuery(StagingQueries queries, QueryTimer timer, UnstreamedAnswers answers) {
        this.queries = queries;
        this.timer = timer;
        this.answers = answers;
    }

    /**
     * The whole answer.
     *
     * @throws StagingException {@code RESULT_TOO_LARGE} past the unstreamed limits,
     *         {@code QUERY_TIMEOUT} past the time limit, the cancellation's code when cancelled
     */
    public QueryResult all(GraphId graph, SqlQuery query, Cancellation cancellation) {
        return collect(timer, answers, "query on graph " + graph, cancellation,
                (chunkSize, consumer) -> queries.stream(graph, query, chunkSize, cancellation, consumer));
    }

    /** The answer in chunks of {@code chunkSize} rows (10 to 10,000); cancelling stops the query. */
    public void stream(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        stream(timer, "query on graph " + graph, chunkSize, cancellation, consumer,
                (size, chunks) -> queries.stream(graph, query, size, cancellation, chunks));
    }

    /** A query run by a port: it hands its chunks of at most the given size to the consumer. */
    @FunctionalInterface
    interface ChunkedQuery {
        void run(int chunkSize, Consumer<QueryChunk> consumer);
    }

    /** The whole answer of {@code query}, within the time limit and the unstreamed answer bounds. */
    static QueryResult collect(QueryTimer timer, UnstreamedAnswers answers, String what, Cancellation cancellation,
                               ChunkedQuery query) {
        try (Cancellation.Registration clock = timer.start(cancellation, "The " + what);
             UnstreamedAnswers.Answer answer = answers.start("The answer of the " + what)) {
            query.run(COLLECTING_CHUNK_SIZE, answer::add);
            return answer.result();
        }
    }

    /** The answer of {@code query} in chunks, within the time limit. */
    static void stream(QueryTimer timer, String what, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer, ChunkedQuery query) {
        requireChunkSize(chunkSize);
        try (Cancellation.Registration clock = timer.start(cancellation, "The " + what)) {
            query.run(chunkSize, consumer);
        }
    }

    /**
     * The one check of a chunk size, for callers that take it before they know whether the answer
     * streams (the HTTP route refuses a bad {@code chunk_size} either way).
     *
     * @throws StagingException {@code INVALID_PARAMETER} outside 10 to 10,000
     */
    public static int requireChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER,
                    "chunk_size must be between " + MIN_CHUNK_SIZE + " and " + MAX_CHUNK_SIZE + ", was " + chunkSize);
        }
        return chunkSize;
    }
}
