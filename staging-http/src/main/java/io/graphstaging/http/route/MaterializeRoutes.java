package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;
import static io.graphstaging.http.route.RequestParts.intQueryParam;
import static io.graphstaging.http.route.RequestParts.millisSince;
import static io.graphstaging.http.route.RequestParts.table;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.sync.MaterializeOptions;
import io.graphstaging.core.sync.MaterializeResult;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.WireName;
import io.graphstaging.core.sync.RejectPage;
import io.graphstaging.core.sync.SyncMode;
import io.graphstaging.core.usecase.ListRejects;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.TaskType;
import io.graphstaging.core.usecase.Materialize;
import io.graphstaging.core.usecase.MaterializeGraph;
import io.graphstaging.http.api.GraphMaterializeRequest;
import io.graphstaging.http.api.GraphMaterializeResponse;
import io.graphstaging.http.api.MaterializeRequest;
import io.graphstaging.http.api.MaterializeResponse;
import io.graphstaging.http.api.RejectInfo;
import io.graphstaging.http.api.RejectsResponse;
import io.graphstaging.http.error.ErrorBody;
import io.graphstaging.http.error.ErrorStatuses;
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

/** Makes graph tables follow their staging tables, and lists what they rejected. */
public final class MaterializeRoutes implements RouteGroup {
    private static final String MATERIALIZE = "/databases/{graph_id}/tables/{table_name}/materialize";
    private static final String MATERIALIZE_GRAPH = "/databases/{graph_id}/materialize";
    private static final String REJECTS = "/databases/{graph_id}/tables/{table_name}/rejects";

    private final BodyReader bodies;
    private final Materialize materialize;
    private final MaterializeGraph materializeGraph;
    private final ListRejects rejects;
    private final ServerMetrics metrics;
    private final TaskSubmissions tasks;

    @Inject
    public MaterializeRoutes(BodyReader bodies, Materialize materialize, MaterializeGraph materializeGraph,
                             ListRejects rejects, ServerMetrics metrics, TaskSubmissions tasks) {
        this.bodies = bodies;
        this.materialize = materialize;
        this.materializeGraph = materializeGraph;
        this.rejects = rejects;
        this.metrics = metrics;
        this.tasks = tasks;
    }

    @Override
    public void addTo(Javalin app) {
        app.post(MATERIALIZE, this::materialize);
        app.post(MATERIALIZE_GRAPH, this::materializeGraph);
        app.get(REJECTS, this::rejects);
    }

    @OpenApi(path = MATERIALIZE, methods = HttpMethod.POST, tags = "materialize", operationId = "materializeTable",
            summary = "Make the graph table follow the staging table (sync, append or rebuild)",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = MaterializeRequest.class,
                    example = "{\"mode\": \"sync\", \"ignore_errors\": false}")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = MaterializeResponse.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class))})
    void materialize(Context ctx) {
        long start = System.nanoTime();
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        // An empty body means all defaults, as in the original API.
        MaterializeRequest body = ctx.req().getContentLengthLong() == 0
                ? MaterializeRequest.empty()
                : bodies.read(ctx, MaterializeRequest.class);
        Set<FileId> fileIds = Optional.ofNullable(body.fileIds()).orElse(List.of()).stream()
                .map(FileId::of).collect(Collectors.toSet());
        MaterializeOptions options = new MaterializeOptions(mode(body.mode()), Boolean.TRUE.equals(body.ignoreErrors()),
                fileIds, Optional.ofNullable(body.fromNodeTable()).map(TableName::of),
                Optional.ofNullable(body.toNodeTable()).map(TableName::of), Boolean.TRUE.equals(body.cascade()),
                Boolean.TRUE.equals(body.dryRun()), Boolean.TRUE.equals(body.verify()));
        tasks.answer(ctx, NewTask.onTable(TaskType.MATERIALIZE, graph, table, tasks.request(body)),
                (cancellation, progress) -> materialize.submit(graph, table, options, cancellation, progress),
                result -> answer(result, start),
                () -> ctx.future(() -> materialize.submit(graph, table, options)
                        .thenAccept(result -> ctx.json(answer(result, start)))));
    }

    private MaterializeResponse answer(MaterializeResult result, long start) {
        count(result);
        return MaterializeResponse.of(result, millisSince(start));
    }

    @OpenApi(path = MATERIALIZE_GRAPH, methods = HttpMethod.POST, tags = "materialize", operationId = "materializeGraph",
            summary = "Materialize every staged table of the graph, node tables first",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            requestBody = @OpenApiRequestBody(content = @OpenApiContent(from = GraphMaterializeRequest.class,
                    example = "{\"mode\": \"sync\"}")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = GraphMaterializeResponse.class)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = GraphMaterializeResponse.class))})
    void materializeGraph(Context ctx) {
        long start = System.nanoTime();
        GraphId graph = graph(ctx);
        GraphMaterializeRequest body = ctx.req().getContentLengthLong() == 0
                ? GraphMaterializeRequest.empty()
                : bodies.read(ctx, GraphMaterializeRequest.class);
        List<TableName> tables = Optional.ofNullable(body.tables()).orElse(List.of()).stream().map(TableName::of).toList();
        MaterializeOptions options = new MaterializeOptions(mode(body.mode()), Boolean.TRUE.equals(body.ignoreErrors()),
                Set.of(), Optional.empty(), Optional.empty(), Boolean.TRUE.equals(body.cascade()),
                Boolean.TRUE.equals(body.dryRun()), Boolean.TRUE.equals(body.verify()));
        // Both run on the queue's threads (the graph is held while they run); the sync call's
        // request thread only hands the work over.
        tasks.answer(ctx, NewTask.onGraph(TaskType.MATERIALIZE_GRAPH, graph, tasks.request(body)),
                (cancellation, progress) -> materializeGraph.submit(graph, tables, options, cancellation, progress)
                        .thenApply(MaterializeRoutes::completedOrThrow),
                outcome -> graphAnswer(outcome, start),
                () -> ctx.future(() -> materializeGraph.submit(graph, tables, options).thenAccept(outcome -> {
                    GraphMaterializeResponse answer = graphAnswer(outcome, start);
                    outcome.failure().ifPresent(failure -> {
                        int status = ErrorStatuses.status(failure.code());
                        ctx.status(status == 422 ? 422 : status);
                    });
                    ctx.json(answer);
                })));
    }

    private GraphMaterializeResponse graphAnswer(MaterializeGraph.Outcome outcome, long start) {
        outcome.done().forEach(this::count);
        List<MaterializeResponse> done = outcome.done().stream().map(r -> MaterializeResponse.of(r, 0)).toList();
        if (outcome.failure().isPresent()) {
            ErrorCode code = outcome.failure().get().code();
            return new GraphMaterializeResponse("partial", done, outcome.failedTable().orElseThrow().value(),
                    new GraphMaterializeResponse.ErrorInfo(outcome.failure().get().getMessage(), code.code()),
                    millisSince(start));
        }
        return new GraphMaterializeResponse("success", done, null, null, millisSince(start));
    }

    /**
     * A task ends {@code failed} with the error that stopped the run, naming the tables done
     * before it (they stay done), as the synchronous answer's {@code partial} does.
     */
    private static MaterializeGraph.Outcome completedOrThrow(MaterializeGraph.Outcome outcome) {
        if (outcome.failure().isEmpty()) {
            return outcome;
        }
        StagingException failure = outcome.failure().get();
        String done = outcome.done().stream().map(r -> r.table().value()).collect(Collectors.joining(", "));
        throw new StagingException(failure.code(), "Materializing table " + outcome.failedTable().orElseThrow()
                + " failed" + (done.isEmpty() ? "" : " after tables " + done + " were materialized") + ": "
                + failure.getMessage(), failure);
    }

    @OpenApi(path = REJECTS, methods = HttpMethod.GET, tags = "materialize", operationId = "listRejects",
            summary = "Rows the last materialize of the table rejected, with key, file id and reason",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            queryParams = {@OpenApiParam(name = "limit", type = Integer.class), @OpenApiParam(name = "offset", type = Integer.class)},
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = RejectsResponse.class)))
    void rejects(Context ctx) {
        RejectPage page = rejects.execute(graph(ctx), table(ctx), intQueryParam(ctx, "limit", 100),
                intQueryParam(ctx, "offset", 0));
        ctx.json(new RejectsResponse(page.total(), page.rejects().stream().map(r -> new RejectInfo(r.key(),
                r.fileId().map(FileId::value).orElse(null), r.reason())).toList()));
    }

    private void count(MaterializeResult result) {
        if (!result.dryRun()) {
            metrics.materialized(result.rowsIngested(), result.rowsRejected());
        }
    }

    private static SyncMode mode(String mode) {
        return mode == null ? SyncMode.SYNC : WireName.parse(SyncMode.class, mode, "mode");
    }
}
