package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;
import static io.graphstaging.http.route.RequestParts.required;
import static io.graphstaging.http.route.RequestParts.table;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableSchema;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.core.usecase.ChangeGraphSchema;
import io.graphstaging.http.api.CreateDatabaseRequest;
import io.graphstaging.http.api.DropGraphTableResponse;
import io.graphstaging.http.api.GraphSchemaInfo;
import io.graphstaging.http.api.SchemaRequest;
import io.graphstaging.http.api.SchemaResponse;
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
import java.util.List;

/**
 * The graph database's schema, as the original graph API's client creates it: a graph with its
 * DDL, more DDL, the schema as declared, and dropping a graph table.
 */
public final class GraphSchemaRoutes implements RouteGroup {
    private static final String DATABASES = "/databases";
    private static final String SCHEMA = "/databases/{graph_id}/schema";
    private static final String GRAPH_TABLE = "/databases/{graph_id}/graph/tables/{table_name}";
    private static final String CUSTOM = "custom";
    private static final String DDL = "ddl";

    private final BodyReader bodies;
    private final ChangeGraphSchema changes;
    private final GraphSchema schema;

    @Inject
    public GraphSchemaRoutes(BodyReader bodies, ChangeGraphSchema changes, GraphSchema schema) {
        this.bodies = bodies;
        this.changes = changes;
        this.schema = schema;
    }

    @Override
    public void addTo(Javalin app) {
        app.post(DATABASES, this::createDatabase);
        app.post(SCHEMA, this::applySchema);
        app.get(SCHEMA, this::describe);
        app.delete(GRAPH_TABLE, this::dropTable);
    }

    @OpenApi(path = DATABASES, methods = HttpMethod.POST, tags = "graph", operationId = "createDatabase",
            summary = "Create a graph database with its schema",
            description = "custom_schema_ddl holds CREATE NODE TABLE and CREATE REL TABLE statements only, applied all"
                    + " or nothing; schema_type must be \"custom\".",
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = CreateDatabaseRequest.class,
                    example = "{\"graph_id\": \"g1\", \"schema_type\": \"custom\", \"custom_schema_ddl\": \"CREATE NODE TABLE"
                            + " Entity(identifier STRING, name STRING, PRIMARY KEY(identifier)); CREATE REL TABLE"
                            + " LINKS(FROM Entity TO Entity, weight DOUBLE)\"}")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = SchemaResponse.class,
                        example = "{\"status\": \"success\", \"graph_id\": \"g1\", \"tables_created\": [\"Entity\","
                                + " \"LINKS\"], \"message\": \"2 tables created\"}")),
                @OpenApiResponse(status = "400", description = "another schema_type, or DDL that is not only CREATE NODE"
                        + " TABLE / CREATE REL TABLE (invalid_schema)", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ErrorBody.class))})
    void createDatabase(Context ctx) {
        CreateDatabaseRequest body = bodies.read(ctx, CreateDatabaseRequest.class);
        GraphId graph = GraphId.of(required(body.graphId(), "graph_id"));
        if (!CUSTOM.equals(required(body.schemaType(), "schema_type"))) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "schema_type '" + body.schemaType()
                    + "' is not supported; only \"" + CUSTOM + "\" with custom_schema_ddl is");
        }
        apply(ctx, graph, required(body.customSchemaDdl(), "custom_schema_ddl"));
    }

    @OpenApi(path = SCHEMA, methods = HttpMethod.POST, tags = "graph", operationId = "applySchema",
            summary = "Add node and relationship tables to the graph database",
            description = "Only CREATE NODE TABLE and CREATE REL TABLE statements, applied all or nothing; creates the"
                    + " graph database when it does not exist.",
            pathParams = @OpenApiParam(name = "graph_id", required = true, example = "g1"),
            requestBody = @OpenApiRequestBody(required = true, content = @OpenApiContent(from = SchemaRequest.class,
                    example = "{\"type\": \"ddl\", \"ddl\": \"CREATE NODE TABLE Place(id INT64 PRIMARY KEY, name STRING)\"}")),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = SchemaResponse.class)),
                @OpenApiResponse(status = "400", description = "another type, or DDL that is not only CREATE NODE TABLE /"
                        + " CREATE REL TABLE (invalid_schema)", content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "409", content = @OpenApiContent(from = ErrorBody.class))})
    void applySchema(Context ctx) {
        GraphId graph = graph(ctx);
        SchemaRequest body = bodies.read(ctx, SchemaRequest.class);
        if (!DDL.equals(required(body.type(), "type"))) {
            throw new StagingException(ErrorCode.INVALID_REQUEST, "Schema type '" + body.type()
                    + "' is not supported; only \"" + DDL + "\" is");
        }
        apply(ctx, graph, required(body.ddl(), "ddl"));
    }

    private void apply(Context ctx, GraphId graph, String ddl) {
        ctx.future(() -> changes.apply(graph, ddl).thenAccept(created -> ctx.json(new SchemaResponse("success",
                graph.value(), created, created.size() + (created.size() == 1 ? " table" : " tables") + " created"))));
    }

    @OpenApi(path = SCHEMA, methods = HttpMethod.GET, tags = "graph", operationId = "getSchema",
            summary = "The graph database's node and relationship tables as declared",
            description = "{\"tables\": []} for a graph with no graph database (none is created).",
            pathParams = @OpenApiParam(name = "graph_id", required = true, example = "g1"),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = GraphSchemaInfo.class,
                    example = "{\"tables\": [{\"table_name\": \"Entity\", \"kind\": \"node\", \"properties\": [{\"name\":"
                            + " \"identifier\", \"type\": \"STRING\", \"primary_key\": true}], \"from\": null, \"to\": null}]}")))
    void describe(Context ctx) {
        List<GraphSchemaInfo.Table> tables = schema.describe(graph(ctx)).stream().map(GraphSchemaRoutes::info).toList();
        ctx.json(new GraphSchemaInfo(tables));
    }

    private static GraphSchemaInfo.Table info(GraphTableSchema table) {
        return new GraphSchemaInfo.Table(table.tableName(), table.kind().wireName(), table.properties().stream()
                .map(p -> new GraphSchemaInfo.Property(p.name(), p.type(), p.primaryKey())).toList(),
                table.from().orElse(null), table.to().orElse(null));
    }

    @OpenApi(path = GRAPH_TABLE, methods = HttpMethod.DELETE, tags = "graph", operationId = "dropGraphTable",
            summary = "Drop a graph table",
            description = "A node table that relationship tables point at is a 409 unless cascade=true, which drops"
                    + " those relationship tables first; the answer lists every table dropped.",
            pathParams = {
                @OpenApiParam(name = "graph_id", required = true, example = "g1"),
                @OpenApiParam(name = "table_name", required = true, example = "Entity")},
            queryParams = @OpenApiParam(name = "cascade", type = Boolean.class),
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = DropGraphTableResponse.class,
                        example = "{\"status\": \"success\", \"table_name\": \"Entity\", \"tables_dropped\": [\"LINKS\","
                                + " \"Entity\"], \"message\": \"2 tables dropped\"}")),
                @OpenApiResponse(status = "404", description = "no such graph table",
                        content = @OpenApiContent(from = ErrorBody.class)),
                @OpenApiResponse(status = "409", description = "relationship tables point at it (table_in_use)",
                        content = @OpenApiContent(from = ErrorBody.class))})
    void dropTable(Context ctx) {
        GraphId graph = graph(ctx);
        TableName table = table(ctx);
        boolean cascade = RequestParts.booleanQueryParam(ctx, "cascade").orElse(false);
        ctx.future(() -> changes.dropTable(graph, table, cascade).thenAccept(dropped -> ctx.json(
                new DropGraphTableResponse("success", table.value(), dropped,
                        dropped.size() + (dropped.size() == 1 ? " table" : " tables") + " dropped"))));
    }
}
