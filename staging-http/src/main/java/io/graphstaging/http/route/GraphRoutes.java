package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;

import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.usecase.ReportGraphStatus;
import io.graphstaging.http.api.GraphStatusInfo;
import io.graphstaging.http.api.GraphTableInfo;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;

/** The graph database's tables, and how they stand against staging. */
public final class GraphRoutes implements RouteGroup {
    private static final String TABLES = "/databases/{graph_id}/graph/tables";
    private static final String STATUS = "/databases/{graph_id}/graph/status";

    private final GraphSink sink;
    private final ReportGraphStatus status;

    @Inject
    public GraphRoutes(GraphSink sink, ReportGraphStatus status) {
        this.sink = sink;
        this.status = status;
    }

    @Override
    public void addTo(Javalin app) {
        app.get(TABLES, this::tables);
        app.get(STATUS, this::status);
    }

    @OpenApi(path = STATUS, methods = HttpMethod.GET, tags = "graph", operationId = "getGraphStatus",
            summary = "Staging against the graph, table by table",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = GraphStatusInfo[].class)))
    void status(Context ctx) {
        ctx.json(status.execute(graph(ctx)).stream().map(t -> new GraphStatusInfo(t.tableName(), t.kind().wireName(),
                t.stagedRows().orElse(null), t.graphRows(), t.inSync(),
                t.pendingFileIds().stream().map(f -> f.value()).toList(), t.lastMaterializedAt().orElse(null))).toList());
    }

    @OpenApi(path = TABLES, methods = HttpMethod.GET, tags = "graph", operationId = "listGraphTables",
            summary = "Node and relationship tables of the graph database with their row counts",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = GraphTableInfo[].class)))
    void tables(Context ctx) {
        ctx.json(sink.tables(graph(ctx)).stream()
                .map(t -> new GraphTableInfo(t.tableName(), t.kind().wireName(), t.rowCount()))
                .toList());
    }
}
