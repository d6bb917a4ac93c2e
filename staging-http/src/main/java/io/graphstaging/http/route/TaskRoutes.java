package io.graphstaging.http.route;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.WireName;
import io.graphstaging.core.task.Task;
import io.graphstaging.core.task.TaskId;
import io.graphstaging.core.task.TaskQuery;
import io.graphstaging.core.task.TaskRunner;
import io.graphstaging.core.task.TaskStatus;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.http.api.TaskResponse;
import io.graphstaging.http.error.ErrorBody;
import io.graphstaging.http.stream.TaskMonitor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import jakarta.servlet.http.HttpServletResponse;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;

/**
 * The original graph API's task routes: a task's status, the list of tasks, a task watched as
 * Server-Sent Events, and cancel. Tasks are read from the store, so a task run by another process,
 * or before a restart, is answered for as well.
 */
public final class TaskRoutes implements RouteGroup {
    private static final String TASKS = "/tasks";
    private static final String TASK = TASKS + "/{task_id}";
    private static final int DEFAULT_LIMIT = 100;

    private final TaskStore store;
    private final TaskRunner runner;
    private final TaskMonitor monitor;
    private final TaskViews views;

    @Inject
    public TaskRoutes(TaskStore store, TaskRunner runner, TaskMonitor monitor, TaskViews views) {
        this.store = store;
        this.runner = runner;
        this.monitor = monitor;
        this.views = views;
    }

    @Override
    public void addTo(Javalin app) {
        app.get(TASKS, this::list);
        app.get(TASK, this::status);
        app.get(TASK + "/status", this::status);
        app.get(TASK + "/monitor", this::monitor);
        app.delete(TASK, this::cancel);
    }

    @OpenApi(path = TASK + "/status", methods = HttpMethod.GET, tags = "tasks", operationId = "getTaskStatus", summary = "A task's status, progress and result",
            pathParams = @OpenApiParam(name = "task_id", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TaskResponse.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void status(Context ctx) {
        ctx.json(views.view(find(ctx)));
    }

    @OpenApi(path = TASKS, methods = HttpMethod.GET, tags = "tasks", operationId = "listTasks", summary = "Tasks, newest first",
            queryParams = {@OpenApiParam(name = "status"), @OpenApiParam(name = "graph_id"), @OpenApiParam(name = "limit",
                    type = Integer.class)},
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = TaskResponse[].class)))
    void list(Context ctx) {
        TaskQuery query = TaskQuery.newest(RequestParts.intQueryParam(ctx, "limit", DEFAULT_LIMIT));
        String status = ctx.queryParam("status");
        if (status != null && !status.isEmpty()) {
            query = query.withStatus(WireName.parse(TaskStatus.class, status, "status"));
        }
        String graph = ctx.queryParam("graph_id");
        if (graph != null && !graph.isEmpty()) {
            query = query.withGraph(GraphId.of(graph));
        }
        ctx.json(store.list(query).stream().map(views::view).toList());
    }

    @OpenApi(path = TASK + "/monitor", methods = HttpMethod.GET, tags = "tasks", operationId = "monitorTask",
            summary = "Watch a task: SSE events connected, progress, heartbeat, then completed, failed or cancelled",
            pathParams = @OpenApiParam(name = "task_id", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(type = "text/event-stream")),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void monitor(Context ctx) throws Exception {
        Task task = find(ctx); // an unknown id is a JSON 404, before the stream starts
        // As Javalin's SseHandler, but for any Accept header (it streams only for an exact
        // "Accept: text/event-stream" and otherwise answers an empty 200).
        HttpServletResponse response = ctx.res();
        response.setStatus(200);
        response.setCharacterEncoding("UTF-8");
        response.setContentType("text/event-stream");
        response.addHeader("Cache-Control", "no-cache");
        response.addHeader("X-Accel-Buffering", "no");
        response.flushBuffer();
        ctx.async(config -> config.timeout = 0, () -> monitor.watch(new SseClient(ctx), task));
    }

    @OpenApi(path = TASK, methods = HttpMethod.DELETE, tags = "tasks", operationId = "cancelTask",
            summary = "Cancel a task: a pending one never runs, a running one is stopped",
            pathParams = @OpenApiParam(name = "task_id", required = true),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TaskResponse.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void cancel(Context ctx) {
        ctx.json(views.view(runner.cancel(TaskId.of(ctx.pathParam("task_id")))));
    }

    private Task find(Context ctx) {
        TaskId id = TaskId.of(ctx.pathParam("task_id"));
        return store.find(id).orElseThrow(id::notFound);
    }
}
