package io.graphstaging.http.route;

import static io.graphstaging.http.route.RequestParts.graph;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.core.usecase.CleanupGraph;
import io.graphstaging.http.api.HealthResponse;
import io.graphstaging.http.api.InfoResponse;
import io.graphstaging.http.api.StatusMessage;
import io.graphstaging.http.metrics.ServerMetrics;
import io.graphstaging.http.server.PlatformVersions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Operating the server: per-graph cleanup, pool stats, health, versions, metrics. */
public final class OperationsRoutes implements RouteGroup {
    private static final Logger LOG = LoggerFactory.getLogger(OperationsRoutes.class);

    private final CleanupGraph cleanupGraph;
    private final StagingMaintenance maintenance;
    private final FileRegistry registry;
    private final ObjectStore objects;
    private final GraphSink sink;
    private final ServerMetrics metrics;
    private final PlatformVersions versions;

    @Inject
    public OperationsRoutes(CleanupGraph cleanupGraph, StagingMaintenance maintenance, FileRegistry registry,
                            ObjectStore objects, GraphSink sink, ServerMetrics metrics, PlatformVersions versions) {
        this.cleanupGraph = cleanupGraph;
        this.maintenance = maintenance;
        this.registry = registry;
        this.objects = objects;
        this.sink = sink;
        this.metrics = metrics;
        this.versions = versions;
    }

    @Override
    public void addTo(Javalin app) {
        app.delete("/databases/{graph_id}", this::cleanup);
        app.get("/stats", this::stats);
        app.get("/health", this::health);
        app.get("/info", this::info);
        app.get("/metrics", this::metrics);
    }

    @OpenApi(path = "/databases/{graph_id}", methods = HttpMethod.DELETE, tags = "operations",
            summary = "Close the graph's connections and remove its staging database file",
            pathParams = @OpenApiParam(name = "graph_id", required = true),
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = StatusMessage.class)))
    void cleanup(Context ctx) {
        GraphId graph = graph(ctx);
        boolean removed = cleanupGraph.execute(graph);
        ctx.json(new StatusMessage("success", removed
                ? "Staging database of graph " + graph + " removed"
                : "Graph " + graph + " had no staging database"));
    }

    @OpenApi(path = "/stats", methods = HttpMethod.GET, tags = "operations", summary = "Connection pool statistics",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = PoolStats.class)))
    void stats(Context ctx) {
        ctx.json(maintenance.stats());
    }

    @OpenApi(path = "/health", methods = HttpMethod.GET, tags = "operations",
            summary = "200 when DuckDB, the registry, the object store and the graph engine answer; 503 otherwise",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = HealthResponse.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = HealthResponse.class))})
    void health(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("duckdb", check("duckdb", maintenance::checkHealth));
        checks.put("registry", check("registry", registry::checkHealth));
        checks.put("object_store", check("object_store", objects::checkHealth));
        checks.put("graph", check("graph", sink::checkHealth));
        boolean healthy = checks.values().stream().allMatch("ok"::equals);
        ctx.status(healthy ? 200 : 503).json(new HealthResponse(healthy ? "healthy" : "unhealthy", checks));
    }

    /** "ok", or what failed: a failing part is the answer of a health check, not an error of it. */
    private static String check(String part, Runnable probe) {
        try {
            probe.run();
            return "ok";
        } catch (StagingException e) {
            LOG.warn("Health check of {} failed: {}", part, e.getMessage());
            return e.code().code() + ": " + e.getMessage();
        } catch (RuntimeException e) {
            LOG.error("Health check of {} failed unexpectedly", part, e);
            return "internal: the health check failed unexpectedly";
        }
    }

    @OpenApi(path = "/info", methods = HttpMethod.GET, tags = "operations", summary = "Versions",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = InfoResponse.class)))
    void info(Context ctx) {
        ctx.json(new InfoResponse("graph-staging", versions.platform(), maintenance.engineVersion(), sink.engineVersion(),
                Runtime.version().toString()));
    }

    @OpenApi(path = "/metrics", methods = HttpMethod.GET, tags = "operations", summary = "Prometheus metrics",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(type = "string", mimeType = "text/plain")))
    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
