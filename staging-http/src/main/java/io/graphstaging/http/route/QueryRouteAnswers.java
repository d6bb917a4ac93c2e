package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.usecase.RunQuery;
import io.graphstaging.http.call.QueryCalls;
import io.graphstaging.http.stream.QueryFormat;
import io.graphstaging.http.stream.QueryStreamer;
import io.javalin.http.Context;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Answers a request of either query route (SQL on the staging tables, Cypher on the graph
 * database): reads {@code chunk_size} and the answer format, lets the route read its body, then
 * runs the query off the server's threads ({@link QueryCalls}, stopped when the client goes away)
 * and answers with one JSON body or NDJSON/SSE chunks ({@link QueryStreamer}).
 */
final class QueryRouteAnswers {
    private static final int DEFAULT_CHUNK_SIZE = 1000;

    /** Runs a route's query whole and returns its JSON answer ({@code startNanos}: when the request came). */
    @FunctionalInterface
    interface WholeQuery<Q> {
        Object answer(GraphId graph, Q query, Cancellation cancellation, long startNanos);
    }

    /** Runs a route's query, handing its answer to {@code consumer} in chunks of {@code chunkSize} rows. */
    @FunctionalInterface
    interface StreamedQuery<Q> {
        void run(GraphId graph, Q query, int chunkSize, Cancellation cancellation, Consumer<QueryChunk> consumer);
    }

    private final QueryStreamer streamer;
    private final QueryCalls calls;

    QueryRouteAnswers(QueryStreamer streamer, QueryCalls calls) {
        this.streamer = streamer;
        this.calls = calls;
    }

    /**
     * Answers {@code ctx}; {@code readBody} reads the request body into the route's query for the
     * path's graph (after the query parameters are checked, before anything runs).
     */
    <Q> void answer(Context ctx, Function<GraphId, Q> readBody, WholeQuery<Q> whole, StreamedQuery<Q> streamed) {
        long start = System.nanoTime();
        GraphId graph = graph(ctx);
        int chunkSize = RunQuery.requireChunkSize(RequestParts.intQueryParam(ctx, "chunk_size", DEFAULT_CHUNK_SIZE));
        QueryFormat format = QueryFormat.choose(ctx.header("Accept"), RequestParts.booleanQueryParam(ctx, "streaming"));
        Q query = readBody.apply(graph);
        ctx.future(() -> calls.submit(graph, ctx.req(), cancellation -> {
            if (format == QueryFormat.JSON) {
                ctx.json(whole.answer(graph, query, cancellation, start));
            } else {
                streamer.stream(ctx, format, chunkSize, start,
                        consumer -> streamed.run(graph, query, chunkSize, cancellation, consumer));
            }
        }));
    }
}
