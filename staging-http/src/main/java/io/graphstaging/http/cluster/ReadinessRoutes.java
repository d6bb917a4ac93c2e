package io.graphstaging.http.cluster;

import io.graphstaging.http.api.ReadyResponse;
import io.graphstaging.http.route.RouteGroup;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.openapi.HttpMethod;
import io.javalin.openapi.OpenApi;
import io.javalin.openapi.OpenApiContent;
import io.javalin.openapi.OpenApiResponse;
import jakarta.inject.Inject;

/** {@code GET /ready}: the load balancer's health check of this node. */
public final class ReadinessRoutes implements RouteGroup {
    private final ReadinessCheck readiness;

    @Inject
    public ReadinessRoutes(ReadinessCheck readiness) {
        this.readiness = readiness;
    }

    @Override
    public void addTo(Javalin app) {
        app.get("/ready", this::ready);
    }

    @OpenApi(path = "/ready", methods = HttpMethod.GET, tags = "operations", operationId = "ready",
            summary = "200 when this node can serve (registry answers, data directories writable, not shutting down);"
                    + " 503 naming what is wrong. No per-graph detail: that is /health's",
            responses = {
                @OpenApiResponse(status = "200", content = @OpenApiContent(from = ReadyResponse.class)),
                @OpenApiResponse(status = "503", content = @OpenApiContent(from = ReadyResponse.class))})
    void ready(Context ctx) {
        ReadyResponse ready = readiness.current();
        ctx.status(ready.status().equals("ready") ? 200 : 503).json(ready);
    }
}
