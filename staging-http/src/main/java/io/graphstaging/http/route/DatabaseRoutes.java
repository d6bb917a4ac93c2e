package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphRemoval;
import io.graphstaging.core.usecase.CleanupGraph;
import io.graphstaging.core.usecase.DeleteGraph;
import io.graphstaging.http.api.GraphRemovalResponse;
import io.graphstaging.http.error.ErrorBody;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;

/** Removing a graph, whole or only its staging side. Both hold the whole graph while they run. */
public final class DatabaseRoutes implements RouteGroup {
    private static final String DATABASE = "/databases/{graph_id}";
    private static final String STAGING = "/databases/{graph_id}/staging";

    private final DeleteGraph deleteGraph;
    private final CleanupGraph cleanupGraph;

    @Inject
    public DatabaseRoutes(DeleteGraph deleteGraph, CleanupGraph cleanupGraph) {
        this.deleteGraph = deleteGraph;
        this.cleanupGraph = cleanupGraph;
    }

    @Override
    public void addTo(Javalin app) {
        app.delete(DATABASE, this::deleteGraph);
        app.delete(STAGING, this::deleteStaging);
    }

    @OpenApi(path = DATABASE, methods = HttpMethod.DELETE, tags = "operations", operationId = "deleteDatabase",
            summary = "Remove the graph: staging database, graph database and spooled files",
            description = "Registrations stay, with every file's duckdb_status and graph_status back to pending. Waits"
                    + " for the graph's queued work, then holds the graph. An unknown graph is a 200 and creates nothing.",
            pathParams = @OpenApiParam(name = "graph_id", required = true, example = "g1"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = GraphRemovalResponse.class,
                        example = "{\"status\": \"success\", \"graph_id\": \"g1\", \"staging_database_removed\": true,"
                                + " \"graph_database_removed\": true, \"spool_removed\": false, \"registry_files_reset\": 3,"
                                + " \"message\": \"Graph g1 removed\"}")),
                @OpenApiResponse(status = "409", description = "the graph's work did not finish in time",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "502", description = "the registry failed",
                        content = @OpenApiContent(from = ErrorBody.class))})
    void deleteGraph(Context ctx) {
        GraphId graph = graph(ctx);
        ctx.future(() -> deleteGraph.submit(graph).thenAccept(removal -> ctx.json(answer(graph, removal,
                removal.removedAnything() ? "Graph " + graph + " removed" : "Graph " + graph + " had nothing to remove"))));
    }

    @OpenApi(path = STAGING, methods = HttpMethod.DELETE, tags = "operations", operationId = "deleteStagingDatabase",
            summary = "Remove only the graph's staging database and spooled files (the original force_database_cleanup)",
            description = "The graph database stays; every registered file's duckdb_status goes back to pending.",
            pathParams = @OpenApiParam(name = "graph_id", required = true, example = "g1"),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = GraphRemovalResponse.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ErrorBody.class))})
    void deleteStaging(Context ctx) {
        GraphId graph = graph(ctx);
        ctx.future(() -> cleanupGraph.submit(graph).thenAccept(removal -> ctx.json(answer(graph, removal,
                removal.stagingDatabase() ? "Staging database of graph " + graph + " removed"
                        : "Graph " + graph + " had no staging database"))));
    }

    private static GraphRemovalResponse answer(GraphId graph, GraphRemoval removal, String message) {
        return new GraphRemovalResponse("success", graph.value(), removal.stagingDatabase(), removal.graphDatabase(),
                removal.spool(), removal.registryFiles(), message);
    }
}
