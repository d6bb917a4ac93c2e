package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.millisSince;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.CypherQuery;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.usecase.RunGraphQuery;
import io.graphstaging.http.api.CypherRequest;
import io.graphstaging.http.api.CypherResponse;
import io.graphstaging.http.api.QueryChunkMessage;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only Cypher on one graph's graph database, as the original graph API's query route: a
 * whole answer as {@code {"data": [{column: value}], ...}}, or NDJSON/SSE chunks as the SQL route
 * streams them. Runs off the server's threads ({@link QueryCalls}) and stops when its client
 * goes away.
 */
public final class GraphQueryRoutes implements RouteGroup {
    private static final String QUERY = "/databases/{graph_id}/query";

    private final BodyReader bodies;
    private final RunGraphQuery runQuery;
    private final QueryRouteAnswers answers;

    @Inject
    public GraphQueryRoutes(BodyReader bodies, RunGraphQuery runQuery, QueryStreamer streamer, QueryCalls calls) {
        this.bodies = bodies;
        this.runQuery = runQuery;
        this.answers = new QueryRouteAnswers(streamer, calls);
    }

    @Override
    public void addTo(Javalin app) {
        app.post(QUERY, this::query);
    }

    @OpenApi(path = QUERY, methods = HttpMethod.POST, tags = "graph", operationId = "queryGraph",
            summary = "Run a read-only Cypher query on the graph database",
            description = "Only one read query runs: writes, DDL, COPY, LOAD FROM, EXPORT/IMPORT DATABASE, ATTACH/USE,"
                    + " extensions, transactions, CALL and the server's internal tables are refused (403"
                    + " query_forbidden) before anything runs. streaming=true (or an Accept naming"
                    + " application/x-ndjson or text/event-stream) streams chunks as the SQL query route does.",
            pathParams = @OpenApiParam(name = "graph_id", required = true, example = "g1"),
            queryParams = {
                @OpenApiParam(name = "streaming", type = Boolean.class),
                @OpenApiParam(name = "chunk_size", type = Integer.class, description = "10..10000, default 1000")},
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CypherRequest.class,
                    example = "{\"cypher\": \"MATCH (p:people) RETURN p.identifier, p.name ORDER BY p.identifier LIMIT $n\","
                            + " \"parameters\": {\"n\": 10}}")),
            responses = {
                @OpenApiResponse(status = "200", content = {
                    @OpenApiContent(from = CypherResponse.class, example = "{\"data\": [{\"e.identifier\": \"e1\","
                            + " \"e.name\": \"Acme\"}], \"columns\": [\"e.identifier\", \"e.name\"], \"row_count\": 1,"
                            + " \"execution_time_ms\": 2.0, \"database\": \"g1\"}"),
                    @OpenApiContent(from = QueryChunkMessage.class, mimeType = QueryFormat.NDJSON_TYPE),
                    @OpenApiContent(type = "string", mimeType = QueryFormat.SSE_TYPE)}),
                @OpenApiResponse(status = "400", description = "Cypher the engine rejects, a bad parameter, or a"
                        + " database that differs from the path", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "403", description = "not a pure read",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "404", description = "the graph has no graph database",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "504", description = "past the query time limit",
                        content = @OpenApiContent(from = ErrorBody.class))})
    void query(Context ctx) {
        answers.answer(ctx, graph -> cypher(ctx, graph), this::whole, runQuery::stream);
    }

    private CypherQuery cypher(Context ctx, GraphId graph) {
        CypherRequest body = bodies.read(ctx, CypherRequest.class);
        RequestParts.requireSameGraph("database", body.database(), graph);
        return new CypherQuery(body.cypher(), body.parameters());
    }

    private CypherResponse whole(GraphId graph, CypherQuery query, Cancellation cancellation, long startNanos) {
        QueryResult result = runQuery.all(graph, query, cancellation);
        List<String> columns = result.columns().stream().map(Column::name).toList();
        return new CypherResponse(records(columns, result.rows()), columns, result.rows().size(),
                millisSince(startNanos), graph.value());
    }

    private static List<Map<String, Object>> records(List<String> columns, List<List<Object>> rows) {
        List<Map<String, Object>> records = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                record.put(columns.get(i), row.get(i));
            }
            records.add(record);
        }
        return records;
    }
}
