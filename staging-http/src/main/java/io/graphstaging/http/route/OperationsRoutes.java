package io.graphstaging.http.route;

import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.http.api.HealthResponse;
import io.graphstaging.http.api.InfoResponse;
import io.graphstaging.http.health.HealthChecks;
import io.graphstaging.http.metrics.ServerMetrics;
import io.graphstaging.http.version.PlatformVersions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiParam;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;

/** Operating the server: pool stats, health, versions, metrics. */
public final class OperationsRoutes implements RouteGroup {
    private final StagingMaintenance maintenance;
    private final GraphSink sink;
    private final HealthChecks healthChecks;
    private final ServerMetrics metrics;
    private final PlatformVersions versions;

    @Inject
    public OperationsRoutes(StagingMaintenance maintenance, GraphSink sink,
                            HealthChecks healthChecks, ServerMetrics metrics, PlatformVersions versions) {
        this.maintenance = maintenance;
        this.sink = sink;
        this.healthChecks = healthChecks;
        this.metrics = metrics;
        this.versions = versions;
    }

    @Override
    public void addTo(Javalin app) {
        app.get("/stats", this::stats);
        app.get("/health", this::health);
        app.get("/info", this::info);
        app.get("/metrics", this::metrics);
    }

    @OpenApi(path = "/stats", methods = HttpMethod.GET, tags = "operations", operationId = "getStats", summary = "Connection pool statistics",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = PoolStats.class)))
    void stats(Context ctx) {
        ctx.json(maintenance.stats());
    }

    @OpenApi(path = "/health", methods = HttpMethod.GET, tags = "operations", operationId = "getHealth",
            summary = "200 when DuckDB, the registry, the object store and the graph engine answer; 503 naming the part"
                    + " that does not (checked at most once a second, opening no database)",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = HealthResponse.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = HealthResponse.class))})
    void health(Context ctx) {
        HealthResponse health = healthChecks.current();
        ctx.status(health.status().equals("healthy") ? 200 : 503).json(health);
    }

    @OpenApi(path = "/info", methods = HttpMethod.GET, tags = "operations", operationId = "getInfo", summary = "Versions",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(from = InfoResponse.class)))
    void info(Context ctx) {
        ctx.json(new InfoResponse("graph-staging", versions.platform(), maintenance.engineVersion(), sink.engineVersion(),
                Runtime.version().toString()));
    }

    @OpenApi(path = "/metrics", methods = HttpMethod.GET, tags = "operations", operationId = "getMetrics", summary = "Prometheus metrics",
            responses = @OpenApiResponse(status = "200", content = @OpenApiContent(type = "string", mimeType = "text/plain")))
    void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
