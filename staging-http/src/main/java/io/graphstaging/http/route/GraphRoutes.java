package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;

import io.graphstaging.core.port.GraphSink;
import io.graphstaging.http.api.GraphTableInfo;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;

/** The graph database's tables. */
public final class GraphRoutes implements RouteGroup {
    private static final String TABLES = "/databases/{graph_id}/graph/tables";

    private final GraphSink sink;

    @Inject
    public GraphRoutes(GraphSink sink) {
        this.sink = sink;
    }

    @Override
    public void addTo(Javalin app) {
        app.get(TABLES, this::tables);
    }

    @OpenApi(path = TABLES, methods = HttpMethod.GET, tags = "graph",
            summary = "Node and relationship tables of the graph database with their row counts",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = GraphTableInfo[].class)))
    void tables(Context ctx) {
        ctx.json(sink.tables(graph(ctx)).stream()
                .map(t -> new GraphTableInfo(t.tableName(), t.kind().wireName(), t.rowCount()))
                .toList());
    }
}
