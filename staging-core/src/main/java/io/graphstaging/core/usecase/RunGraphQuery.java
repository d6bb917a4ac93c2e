package io.graphstaging.core.usecase;

import io.graphstaging.core.limit.QueryTimer;
import io.graphstaging.core.limit.UnstreamedAnswers;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.CypherQuery;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.port.GraphQueries;
import jakarta.inject.Inject;
import java.util.function.Consumer;

/**
 * Runs read-only user Cypher against one graph's graph database, whole or streamed, under the
 * same time limit and answer bounds as {@link RunQuery}.
 */
public final class RunGraphQuery {
    private final GraphQueries queries;
    private final QueryTimer timer;
    private final UnstreamedAnswers answers;

    @Inject
    public RunGraphQuery(GraphQueries queries, QueryTimer timer, UnstreamedAnswers answers) {
        this.queries = queries;
        this.timer = timer;
        this.answers = answers;
    }

    /** The whole answer; see {@link RunQuery#all} for the limits. */
    public QueryResult all(GraphId graph, CypherQuery query, Cancellation cancellation) {
        return RunQuery.collect(timer, answers, "Cypher query on graph " + graph, cancellation,
                (chunkSize, consumer) -> queries.stream(graph, query, chunkSize, cancellation, consumer));
    }

    /** The answer in chunks of {@code chunkSize} rows (10 to 10,000); cancelling stops the query. */
    public void stream(GraphId graph, CypherQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        RunQuery.stream(timer, "Cypher query on graph " + graph, chunkSize, cancellation, consumer,
                (size, chunks) -> queries.stream(graph, query, size, cancellation, chunks));
    }
}
