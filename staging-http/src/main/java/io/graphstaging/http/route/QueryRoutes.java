package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.millisSince;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.usecase.RunQuery;
import io.graphstaging.http.api.QueryChunkMessage;
import io.graphstaging.http.api.QueryRequest;
import io.graphstaging.http.api.QueryResponse;
import io.graphstaging.http.call.QueryCalls;
import io.graphstaging.http.error.ErrorBody;
import io.graphstaging.http.request.BodyReader;
import io.graphstaging.http.stream.QueryFormat;
import io.graphstaging.http.stream.QueryStreamer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;

/**
 * Sandboxed SQL over one graph's staging tables, answered as JSON, NDJSON or SSE. The query runs
 * off the server's threads ({@link QueryCalls}) and stops when its client goes away.
 */
public final class QueryRoutes implements RouteGroup {
    private static final String QUERY = "/databases/{graph_id}/tables/query";

    private final BodyReader bodies;
    private final RunQuery runQuery;
    private final QueryRouteAnswers answers;

    @Inject
    public QueryRoutes(BodyReader bodies, RunQuery runQuery, QueryStreamer streamer, QueryCalls calls) {
        this.bodies = bodies;
        this.runQuery = runQuery;
        this.answers = new QueryRouteAnswers(streamer, calls);
    }

    @Override
    public void addTo(Javalin app) {
        app.post(QUERY, this::query);
    }

    @OpenApi(path = QUERY, methods = HttpMethod.POST, tags = "query", operationId = "queryTables",
            summary = "Run a read-only SQL query against the graph's staging tables",
            description = "The answer follows Accept: application/json (default), application/x-ndjson (one chunk "
                    + "per line) or text/event-stream (events started, chunk, progress, completed, error). "
                    + "streaming=false forces JSON; streaming=true with neither stream type gives NDJSON.",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            queryParams = {
                @OpenApiParam(name = "streaming", type = Boolean.class),
                @OpenApiParam(name = "chunk_size", type = Integer.class, description = "10..10000, default 1000")},
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = QueryRequest.class,
                    example = "{\"sql\": \"SELECT count(*) AS people FROM people WHERE identifier > ?\", \"parameters\": [500]}")),
            responses = {
                @OpenApiResponse(status = "200", content = {
                    @OpenApiContent(from = QueryResponse.class),
                    @OpenApiContent(from = QueryChunkMessage.class, mimeType = QueryFormat.NDJSON_TYPE),
                    @OpenApiContent(type = "string", mimeType = QueryFormat.SSE_TYPE)}),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "403", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void query(Context ctx) {
        answers.answer(ctx, graph -> sql(ctx, graph), this::whole, runQuery::stream);
    }

    private SqlQuery sql(Context ctx, GraphId graph) {
        QueryRequest body = bodies.read(ctx, QueryRequest.class);
        RequestParts.requireSameGraph(body.graphId(), graph);
        return new SqlQuery(body.sql(), SqlParameters.of(body.parameters()));
    }

    private QueryResponse whole(GraphId graph, SqlQuery query, Cancellation cancellation, long startNanos) {
        QueryResult result = runQuery.all(graph, query, cancellation);
        return new QueryResponse(result.columns().stream().map(Column::name).toList(), result.rows(),
                result.rows().size(), millisSince(startNanos));
    }
}
