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
        try (Cancellation.Registration clock = timer.start(cancellation, "The Cypher query on graph " + graph);
             UnstreamedAnswers.Answer answer = answers.start("The answer of the Cypher query on graph " + graph)) {
            queries.stream(graph, query, RunQuery.COLLECTING_CHUNK_SIZE, cancellation, answer::add);
            return answer.result();
        }
    }

    /** The answer in chunks of {@code chunkSize} rows (10 to 10,000); cancelling stops the query. */
    public void stream(GraphId graph, CypherQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        RunQuery.requireChunkSize(chunkSize);
        try (Cancellation.Registration clock = timer.start(cancellation, "The Cypher query on graph " + graph)) {
            queries.stream(graph, query, chunkSize, cancellation, consumer);
        }
    }
}
