package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;
import static io.graphstaging.http.route.RequestParts.required;
import static io.graphstaging.http.route.RequestParts.table;

import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.RegistryFile;
import io.graphstaging.core.model.RegistryTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.model.WireName;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.http.api.RegisterFileRequest;
import io.graphstaging.http.api.RegisterFileResponse;
import io.graphstaging.http.api.RegisterTableRequest;
import io.graphstaging.http.api.RegistryFileInfo;
import io.graphstaging.http.api.RegistryTableInfo;
import io.graphstaging.http.error.ErrorBody;
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

/** The file registry: register tables and files, list a table's files with their statuses. */
public final class RegistryRoutes implements RouteGroup {
    private static final String TABLES = "/databases/{graph_id}/registry/tables";
    private static final String FILES = TABLES + "/{table_name}/files";

    private final BodyReader bodies;
    private final FileRegistry registry;

    @Inject
    public RegistryRoutes(BodyReader bodies, FileRegistry registry) {
        this.bodies = bodies;
        this.registry = registry;
    }

    @Override
    public void addTo(Javalin app) {
        app.post(TABLES, this::registerTable);
        app.post(FILES, this::registerFile);
        app.get(FILES, this::listFiles);
    }

    @OpenApi(path = TABLES, methods = HttpMethod.POST, tags = "registry", operationId = "registerTable",
            summary = "Register a table (idempotent: 201 when created, 200 when it existed)",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = RegisterTableRequest.class,
                    example = "{\"table_name\": \"people\", \"table_type\": \"node\"}")),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = RegistryTableInfo.class)),
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = RegistryTableInfo.class)),
                @OpenApiResponse(status = "502", content = @OpenApiContent(from = ErrorBody.class))})
    void registerTable(Context ctx) {
        GraphId graph = graph(ctx);
        RegisterTableRequest body = bodies.read(ctx, RegisterTableRequest.class);
        TableName table = TableName.of(required(body.tableName(), "table_name"));
        TableKind type = WireName.parse(TableKind.class, required(body.tableType(), "table_type"), "table_type");
        FileRegistry.Registration registration = registry.registerTable(graph, table, type);
        ctx.status(registration.created() ? 201 : 200).json(info(registration.table()));
    }

    @OpenApi(path = FILES, methods = HttpMethod.POST, tags = "registry", operationId = "registerFile", summary = "Register a file of a registered table",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = RegisterFileRequest.class,
                    example = "{\"s3_key\": \"s3://demo/people.parquet\", \"file_name\": \"people.parquet\", \"file_size_bytes\": 9600, \"upload_status\": \"completed\"}")),
            responses = {
                @OpenApiResponse(status = "201", content = @OpenApiContent(from = RegisterFileResponse.class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void registerFile(Context ctx) {
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        RegisterFileRequest body = bodies.read(ctx, RegisterFileRequest.class);
        UploadStatus status = body.uploadStatus() == null ? UploadStatus.PENDING
                : WireName.parse(UploadStatus.class, body.uploadStatus(), "upload_status");
        RegistryFile file = registry.registerFile(new NewRegistryFile(graph, table,
                ObjectUri.parse(required(body.s3Key(), "s3_key")), required(body.fileName(), "file_name"),
                required(body.fileSizeBytes(), "file_size_bytes"), status));
        ctx.status(201).json(new RegisterFileResponse(file.id().value()));
    }

    @OpenApi(path = FILES, methods = HttpMethod.GET, tags = "registry", operationId = "listRegisteredFiles", summary = "A registered table's files and their statuses",
            pathParams = {@OpenApiParam(name = "graph_id", required = true), @OpenApiParam(name = "table_name", required = true)},
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = RegistryFileInfo[].class)),
                @OpenApiResponse(status = "404", content = @OpenApiContent(from = ErrorBody.class))})
    void listFiles(Context ctx) {
        ctx.json(registry.listFiles(graph(ctx), table(ctx)).stream().map(RegistryRoutes::info).toList());
    }

    private static RegistryTableInfo info(RegistryTable t) {
        return new RegistryTableInfo(t.id(), t.graph().value(), t.table().value(), t.type().wireName(), t.rowCount(),
                t.fileCount(), t.totalSizeBytes(), t.createdAt(), t.updatedAt());
    }

    private static RegistryFileInfo info(RegistryFile f) {
        return new RegistryFileInfo(f.id().value(), f.graph().value(), f.table().value(), f.fileName(),
                f.objectUri().toString(), f.fileSizeBytes(), f.uploadStatus().wireName(), f.stagingStatus().wireName(),
                f.stagedRowCount().orElse(null), f.stagedAt().orElse(null), f.graphStatus().wireName(),
                f.graphIngestedAt().orElse(null), f.createdAt(), f.uploadedAt().orElse(null));
    }
}
