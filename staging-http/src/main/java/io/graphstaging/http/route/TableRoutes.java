package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;
import static io.graphstaging.http.route.RequestParts.intQueryParam;
import static io.graphstaging.http.route.RequestParts.millisSince;
import static io.graphstaging.http.route.RequestParts.required;
import static io.graphstaging.http.route.RequestParts.table;

import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QuarantinePage;
import io.graphstaging.core.model.SchemaContract;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.task.NewTask;
import io.graphstaging.core.task.TaskType;
import io.graphstaging.core.usecase.AppendFiles;
import io.graphstaging.core.usecase.ChangeContract;
import io.graphstaging.core.usecase.CreateTable;
import io.graphstaging.core.usecase.DeleteFileRows;
import io.graphstaging.core.usecase.DeleteTable;
import io.graphstaging.core.usecase.ListQuarantine;
import io.graphstaging.core.usecase.ListTables;
import io.graphstaging.core.usecase.RefreshTable;
import io.graphstaging.core.usecase.StageFilesCommand;
import io.graphstaging.http.api.AppendFilesRequest;
import io.graphstaging.http.api.CreateTableRequest;
import io.graphstaging.http.api.DeleteFileResponse;
import io.graphstaging.http.api.QuarantineResponse;
import io.graphstaging.http.api.RefreshResponse;
import io.graphstaging.http.api.SchemaContractBody;
import io.graphstaging.http.api.StageResponse;
import io.graphstaging.http.api.StatusMessage;
import io.graphstaging.http.api.TableInfo;
import io.graphstaging.http.api.TablePatchRequest;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Staging tables: create, append, list, delete, delete a file's rows, refresh from the registry.
 * Changes to a table wait for their turn in the table's queue without holding a server thread
 * (the answer is written when the work ran).
 */
public final class TableRoutes implements RouteGroup {
    private static final String TABLES = "/databases/{graph_id}/tables";
    private static final String TABLE = TABLES + "/{table_name}";

    private final BodyReader bodies;
    private final CreateTable createTable;
    private final AppendFiles appendFiles;
    private final ListTables listTables;
    private final DeleteTable deleteTable;
    private final DeleteFileRows deleteFileRows;
    private final RefreshTable refreshTable;
    private final ServerMetrics metrics;
    private final TaskSubmissions tasks;
    private final ChangeContract changeContract;
    private final ListQuarantine listQuarantine;

    @Inject
    public TableRoutes(BodyReader bodies, CreateTable createTable, AppendFiles appendFiles, ListTables listTables,
                       DeleteTable deleteTable, DeleteFileRows deleteFileRows, RefreshTable refreshTable,
                       ServerMetrics metrics, TaskSubmissions tasks, ChangeContract changeContract,
                       ListQuarantine listQuarantine) {
        this.bodies = bodies;
        this.createTable = createTable;
        this.appendFiles = appendFiles;
        this.listTables = listTables;
        this.deleteTable = deleteTable;
        this.deleteFileRows = deleteFileRows;
        this.refreshTable = refreshTable;
        this.metrics = metrics;
        this.tasks = tasks;
        this.changeContract = changeContract;
        this.listQuarantine = listQuarantine;
    }

    @Override
    public void addTo(Javalin app) {
        app.post(TABLES, this::create);
        app.get(TABLES, this::list);
        app.post(TABLE + "/files", this::append);
        app.delete(TABLE, this::delete);
        app.delete(TABLE + "/files/{file_id}", this::deleteFile);
        app.post(TABLE + "/refresh", this::refresh);
        app.patch(TABLE, this::patch);
        app.get(TABLE + "/quarantine", this::quarantine);
    }

    @OpenApi(path = TABLES, methods = HttpMethod.POST, tags = "stage", operationId = "stageTable",
            summary = "Create (or atomically replace) a staging table from Parquet objects",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CreateTableRequest.class,
                    example = "{\"table_name\": \"people\", \"s3_pattern\": \"s3://demo/people.parquet\"}")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = StageResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ErrorBody.class))})
    void create(Context ctx) {
        long start = System.nanoTime();
        GraphId graph = graph(ctx);
        CreateTableRequest body = bodies.read(ctx, CreateTableRequest.class);
        RequestParts.requireSameGraph(body.graphId(), graph);
        TableName table = TableName.of(required(body.tableName(), "table_name"));
        StageFilesCommand command = new StageFilesCommand(graph, table, RequestParts.pattern(body.s3Pattern()),
                RequestParts.fileIdMap(body.fileIdMap()), contract(body.schemaContract()));
        tasks.answer(ctx, NewTask.onTable(TaskType.CREATE, graph, table, tasks.request(body)),
                (cancellation, progress) -> createTable.submit(command, cancellation, progress),
                staged -> staged(staged, start),
                () -> ctx.future(() -> createTable.submit(command).thenAccept(staged -> ctx.json(staged(staged, start)))));
    }

    @OpenApi(path = TABLE + "/files", methods = HttpMethod.POST, tags = "stage", operationId = "appendFiles",
            summary = "Append files to an existing table without rebuilding it",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = AppendFilesRequest.class,
                    example = "{\"s3_pattern\": [\"s3://demo/people.parquet\"], \"file_id_map\": {\"s3://demo/people.parquet\": \"people-1\"}}")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = StageResponse.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "422", content = @OpenApiContent(from = ErrorBody.class))})
    void append(Context ctx) {
        long start = System.nanoTime();
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        AppendFilesRequest body = bodies.read(ctx, AppendFilesRequest.class);
        RequestParts.requireSameGraph(body.graphId(), graph);
        StageFilesCommand command = new StageFilesCommand(graph, table, RequestParts.pattern(body.s3Pattern()),
                RequestParts.fileIdMap(body.fileIdMap()), contract(body.schemaContract()));
        tasks.answer(ctx, NewTask.onTable(TaskType.APPEND, graph, table, tasks.request(body)),
                (cancellation, progress) -> appendFiles.submit(command, cancellation, progress),
                staged -> staged(staged, start),
                () -> ctx.future(() -> appendFiles.submit(command).thenAccept(staged -> ctx.json(staged(staged, start)))));
    }

    private StageResponse staged(StagedTable staged, long start) {
        TableSummary s = staged.summary();
        metrics.rowsStaged(s.rowCount());
        return new StageResponse("success", s.graph().value(), s.table().value(), millisSince(start), s.rowCount(),
                s.fileCount(), s.kind().wireName(), staged.rowsQuarantined());
    }

    private static Optional<SchemaContract> contract(SchemaContractBody body) {
        return Optional.ofNullable(body).map(b -> b.over(SchemaContract.DEFAULT));
    }

    @OpenApi(path = TABLE, methods = HttpMethod.PATCH, tags = "stage", operationId = "changeTableContract",
            summary = "Change a table's schema contract (for the files staged from now on)",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = TablePatchRequest.class,
                    example = "{\"schema_contract\": {\"columns\": \"evolve\", \"rows\": \"quarantine\"}}")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = TableInfo.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void patch(Context ctx) {
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        SchemaContractBody body = required(bodies.read(ctx, TablePatchRequest.class).schemaContract(), "schema_contract");
        ctx.future(() -> changeContract.submit(graph, table, Optional.ofNullable(body.columns()),
                Optional.ofNullable(body.rows())).thenAccept(summary -> ctx.json(info(summary))));
    }

    @OpenApi(path = TABLE + "/quarantine", methods = HttpMethod.GET, tags = "stage", operationId = "listQuarantine",
            summary = "Rows a quarantine contract kept aside, with file, row number and reason",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            queryParams = {@OpenApiParam(name = "limit", type = Integer.class), @OpenApiParam(name = "offset", type = Integer.class)},
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = QuarantineResponse.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void quarantine(Context ctx) {
        QuarantinePage page = listQuarantine.execute(graph(ctx), table(ctx), intQueryParam(ctx, "limit", 100),
                intQueryParam(ctx, "offset", 0));
        ctx.json(new QuarantineResponse(page.total(), page.rows().stream().map(r -> new QuarantineResponse.Row(r.file(),
                r.fileId().orElse(null), r.rowNumber(), r.reason(), r.values())).toList()));
    }

    private static TableInfo info(TableSummary s) {
        return new TableInfo(s.graph().value(), s.table().value(), s.rowCount(), s.sizeBytes(), s.location().orElse(null),
                s.fileCount(), s.kind().wireName(), SchemaContractBody.of(s.contract()));
    }

    @OpenApi(path = TABLES, methods = HttpMethod.GET, tags = "stage", operationId = "listTables", summary = "List the graph's staging tables",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = TableInfo[].class)))
    void list(Context ctx) {
        ctx.json(listTables.execute(graph(ctx)).stream().map(TableRoutes::info).toList());
    }

    @OpenApi(path = TABLE, methods = HttpMethod.DELETE, tags = "stage", operationId = "deleteTable", summary = "Drop a staging table (idempotent)",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = StatusMessage.class)))
    void delete(Context ctx) {
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        ctx.future(() -> deleteTable.submit(graph, table)
                .thenAccept(existed -> ctx.json(new StatusMessage("success", "Table " + table + " deleted"))));
    }

    @OpenApi(path = TABLE + "/files/{file_id}", methods = HttpMethod.DELETE, tags = "stage", operationId = "deleteFileRows",
            summary = "Delete one file's staged rows",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true),
                @OpenApiParam(name = "file_id", required = true)},
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = DeleteFileResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class))})
    void deleteFile(Context ctx) {
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        FileId file = FileId.of(ctx.pathParam("file_id"));
        ctx.future(() -> deleteFileRows.submit(graph, table, file).thenAccept(deleted -> ctx.json(new DeleteFileResponse(
                "success", deleted, "Deleted " + deleted + " rows of file " + file + " from table " + table))));
    }

    @OpenApi(path = TABLE + "/refresh", methods = HttpMethod.POST, tags = "stage", operationId = "refreshTable",
            summary = "Rebuild the table from the file registry's completed files",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = RefreshResponse.class)),
                @OpenApiResponse(status = "400", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void refresh(Context ctx) {
        long start = System.nanoTime();
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        Map<String, String> request = new LinkedHashMap<>();
        request.put("graph_id", graph.value());
        request.put("table_name", table.value());
        tasks.answer(ctx, NewTask.onTable(TaskType.REFRESH, graph, table, tasks.request(request)),
                (cancellation, progress) -> refreshTable.submit(graph, table, cancellation, progress),
                outcome -> refreshed(outcome, start),
                () -> ctx.future(() -> refreshTable.submit(graph, table)
                        .thenAccept(outcome -> ctx.json(refreshed(outcome, start)))));
    }

    private RefreshResponse refreshed(RefreshTable.Outcome outcome, long start) {
        TableSummary s = outcome.table().summary();
        GraphId graph = s.graph();
        TableName table = s.table();
        metrics.rowsStaged(s.rowCount());
        String message = "Table " + table + " rebuilt from " + outcome.stagedFiles().size() + " registered files";
        if (!outcome.failedFiles().isEmpty()) {
            message += "; " + outcome.failedFiles().size() + " could not be read: " + outcome.failedFiles().stream()
                    .map(f -> f.file().fileName() + " (" + f.reason() + ")").collect(Collectors.joining(", "));
        }
        return new RefreshResponse("success", graph.value(), table.value(), outcome.stagedFiles().size(),
                s.rowCount(), millisSince(start), message);
    }
}
