package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;
import static io.graphstaging.http.route.RequestParts.millisSince;
import static io.graphstaging.http.route.RequestParts.table;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.MaterializeOptions;
import io.graphstaging.core.model.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.TaskType;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.http.api.MaterializeRequest;
import io.graphstaging.http.api.MaterializeResponse;
import io.graphstaging.http.error.ErrorBody;
import io.graphstaging.http.metrics.ServerMetrics;
import io.graphstaging.http.request.BodyReader;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiRequestBody;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Copies a staging table into the graph database. */
public final class MaterializeRoutes implements RouteGroup {
    private static final String MATERIALIZE = "/databases/{graph_id}/tables/{table_name}/materialize";

    private final BodyReader bodies;
    private final Materialize materialize;
    private final ServerMetrics metrics;
    private final TaskSubmissions tasks;

    @Inject
    public MaterializeRoutes(BodyReader bodies, Materialize materialize, ServerMetrics metrics, TaskSubmissions tasks) {
        this.bodies = bodies;
        this.materialize = materialize;
        this.metrics = metrics;
        this.tasks = tasks;
    }

    @Override
    public void addTo(Javalin app) {
        app.post(MATERIALIZE, this::materialize);
    }

    @OpenApi(path = MATERIALIZE, methods = HttpMethod.POST, tags = "graph",
            summary = "Copy a staging table into the graph database",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = MaterializeRequest.class)),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = MaterializeResponse.class)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class))})
    void materialize(Context ctx) {
        long start = System.nanoTime();
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        // An empty body means all defaults, as in the original API.
        MaterializeRequest body = ctx.req().getContentLengthLong() == 0
                ? new MaterializeRequest(null, null, null, null)
                : bodies.read(ctx, MaterializeRequest.class);
        Set<FileId> fileIds = Optional.ofNullable(body.fileIds()).orElse(List.of()).stream()
                .map(FileId::of).collect(Collectors.toSet());
        MaterializeOptions options = new MaterializeOptions(body.ignoreErrors() == null || body.ignoreErrors(), fileIds,
                Optional.ofNullable(body.fromNodeTable()).map(TableName::of),
                Optional.ofNullable(body.toNodeTable()).map(TableName::of));
        tasks.answer(ctx, NewTask.onTable(TaskType.MATERIALIZE, graph, table, tasks.request(body)),
                (cancellation, progress) -> materialize.submit(graph, table, options, cancellation, progress),
                result -> answer(result, graph, table, start),
                () -> ctx.future(() -> materialize.submit(graph, table, options)
                        .thenAccept(result -> ctx.json(answer(result, graph, table, start)))));
    }

    private MaterializeResponse answer(MaterializeResult result, GraphId graph, TableName table, long start) {
        metrics.materialized(result.rowsIngested(), result.rowsRejected());
        return new MaterializeResponse(result.skipped() ? "skipped" : "success", graph.value(), table.value(),
                result.rowsIngested(), result.rowsRejected(), millisSince(start));
    }
}
