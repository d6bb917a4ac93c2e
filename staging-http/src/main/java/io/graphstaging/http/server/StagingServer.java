package io.graphstaging.http.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.usecase.TableLocks;
import io.graphstaging.http.auth.ApiKeyCheck;
import io.graphstaging.http.call.QueryCalls;
import io.graphstaging.http.config.HttpConfig;
import io.graphstaging.http.error.ErrorResponses;
import io.graphstaging.http.error.JsonErrorPages;
import io.graphstaging.http.docs.ApiDocument;
import io.graphstaging.http.metrics.ServerMetrics;
import io.graphstaging.http.route.RouteGroup;
import io.graphstaging.http.version.PlatformVersions;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.openapi.ApiKeyAuth;
import io.javalin.openapi.plugin.OpenApiPlugin;
import io.javalin.openapi.plugin.swagger.SwaggerPlugin;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin server: request ids, the shutdown gate, auth, the routes, error bodies (Jetty's
 * own refusals included), metrics, the generated OpenAPI spec ({@code /openapi.json}) and its
 * viewer ({@code /docs}).
 */
public final class StagingServer {
    private static final Logger LOG = LoggerFactory.getLogger(StagingServer.class);
    private static final String ADMITTED = "graph-staging.admitted";
    private static final String STARTED = "graph-staging.started";

    /** After the grace period, how long cancelled queries get to end before the server stops anyway. */
    static final Duration CANCELLED_QUERIES_WAIT = Duration.ofSeconds(5);
    /** Jetty's own stop: only responses already written to are left when it starts. */
    private static final Duration JETTY_STOP_TIMEOUT = Duration.ofSeconds(2);

    private final HttpConfig config;
    private final ShutdownGate gate;
    private final ApiKeyCheck auth;
    private final ServerMetrics metrics;
    private final TableLocks locks;
    private final QueryCalls queries;
    private final Javalin app;

    @Inject
    public StagingServer(HttpConfig config, ObjectMapper mapper, ShutdownGate gate, ApiKeyCheck auth,
                         ServerMetrics metrics, Set<RouteGroup> routes, PlatformVersions versions, ErrorResponses errors,
                         TableLocks locks, QueryCalls queries) {
        this.config = config;
        this.gate = gate;
        this.auth = auth;
        this.metrics = metrics;
        this.locks = locks;
        this.queries = queries;
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.useVirtualThreads = false;
            // A route that exists with another method is a 405, not a 404.
            cfg.http.prefer405over404 = true;
            cfg.pvt.javaLangErrorHandler(errors::javaError);
            // Bodies are read by BodyReader, which enforces the limit while reading.
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.jsonMapper(new JavalinJackson(mapper, false));
            cfg.jetty.defaultHost = config.host();
            cfg.jetty.defaultPort = config.port();
            // Jetty's own graceful stop: a StatisticsHandler lets Server.stop() wait until responses
            // already being written are complete (Javalin attaches its handler inside it). The
            // grace period itself is waited for by stop(), before Jetty is stopped.
            cfg.jetty.modifyServer(server -> {
                server.setHandler(new StatisticsHandler());
                server.setStopTimeout(JETTY_STOP_TIMEOUT.toMillis());
                server.setErrorHandler(new JsonErrorPages(errors));
            });
            cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorPages(errors)));
            cfg.requestLogger.http(this::requestDone);
            cfg.registerPlugin(new OpenApiPlugin(openApi -> openApi
                    .withDocumentationPath("/openapi.json")
                    .withDefinitionConfiguration((version, definition) -> definition
                            .withInfo(info -> info.title("graph-staging").version(versions.platform())
                                    .description("Stages Parquet data from object storage in per-graph DuckDB "
                                            + "databases and bulk-loads it into LadybugDB."))
                            .withSecurity(security -> security
                                    .withSecurityScheme("ApiKey", apiKeyHeader())
                                    .withBearerAuth("Bearer"))
                            .withDefinitionProcessor(ApiDocument::apply))));
            cfg.registerPlugin(new SwaggerPlugin(swagger -> {
                swagger.setUiPath("/docs");
                swagger.setDocumentationPath("/openapi.json");
                swagger.setTitle("graph-staging API");
            }));
        });
        app.before(this::admit);
        errors.register(app);
        routes.forEach(group -> group.addTo(app));
    }

    /** When STAGING_API_KEY is set, every route but health, info, metrics and the docs needs it. */
    private static ApiKeyAuth apiKeyHeader() {
        ApiKeyAuth scheme = new ApiKeyAuth();
        scheme.setIn("header");
        scheme.setName("X-Graph-API-Key");
        return scheme;
    }

    private void admit(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        RequestIds.assign(ctx);
        gate.enter();
        ctx.attribute(ADMITTED, Boolean.TRUE);
        auth.check(ctx);
    }

    /** Runs once the response is written: only then may a graceful stop count the request as done. */
    private void requestDone(Context ctx, Float millis) {
        if (Boolean.TRUE.equals(ctx.attribute(ADMITTED))) {
            ctx.attribute(ADMITTED, Boolean.FALSE);
            gate.leave();
        }
        Long started = ctx.attribute(STARTED);
        long nanos = started == null ? (long) (millis * 1_000_000) : System.nanoTime() - started;
        // A request refused before its route (auth, shutdown) or matching none has no route path.
        String route = ctx.handlerType() == HandlerType.BEFORE ? "(none)" : ctx.endpointHandlerPath();
        metrics.recordRequest(ctx.method().name(), route, ctx.statusCode(), nanos);
        double ms = Math.round(nanos / 100_000.0) / 10.0;
        // The docs page's own files (its viewer's scripts and styles) would drown the operations.
        boolean docsFile = ctx.path().startsWith("/webjars/") || ctx.path().startsWith("/docs");
        if (docsFile && ctx.statusCode() < 400) {
            LOG.debug("{} {} {} -> {} in {} ms", ctx.ip(), ctx.method(), ctx.path(), ctx.statusCode(), ms);
        } else {
            LOG.info("{} {} {} -> {} in {} ms", ctx.ip(), ctx.method(), ctx.path(), ctx.statusCode(), ms);
        }
        RequestIds.clear();
    }

    /** Starts listening; returns the bound port (useful with port 0). */
    public int start() {
        if (config.apiKey().isEmpty()) {
            LOG.warn("STAGING_API_KEY is not set: every route is open to anyone who can reach port {}", config.port());
        }
        app.start();
        LOG.info("graph-staging listening on {}:{}", config.host(), app.port());
        return app.port();
    }

    public int port() {
        return app.port();
    }

    /**
     * Graceful stop: refuses new requests (503) and the calls still waiting for their turn on a
     * table (they had not started), lets running requests finish within the grace period, then
     * cancels the queries still running (so that closing the databases next, with a checkpoint,
     * is not held up by a runaway query) and stops Jetty. Takes about the grace period at most.
     */
    public void stop(Duration grace) {
        gate.close();
        locks.close();
        try {
            int still = gate.awaitIdle(grace);
            if (still > 0) {
                int cancelled = queries.cancelAll(ErrorCode.SHUTTING_DOWN,
                        "The server is shutting down; the query was stopped after the grace period");
                LOG.warn("{} requests still running after the {} grace period; {} queries cancelled", still, grace,
                        cancelled);
                gate.awaitIdle(CANCELLED_QUERIES_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while waiting for running requests; stopping now");
        }
        app.stop();
    }
}
