package io.graphstaging.http.bootstrap;

import io.graphstaging.core.task.TaskObserver;
import io.graphstaging.core.task.TaskRunner;
import io.graphstaging.core.task.TaskStore;
import io.graphstaging.http.metrics.TaskMetrics;
import io.graphstaging.http.route.TaskRoutes;
import io.graphstaging.http.route.TaskSubmissions;
import io.graphstaging.http.route.TaskViews;
import io.graphstaging.http.stream.TaskMonitor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.graphstaging.core.lifecycle.ClosedAtShutdown;
import io.graphstaging.http.auth.ApiKeyCheck;
import io.graphstaging.http.auth.FailedAttempts;
import io.graphstaging.http.call.ClientWatch;
import io.graphstaging.http.call.QueryCalls;
import io.graphstaging.http.cluster.CreateDatabaseForwarding;
import io.graphstaging.http.cluster.GraphWriteClaims;
import io.graphstaging.http.cluster.SnapshotRestores;
import io.graphstaging.http.cluster.ReadinessCheck;
import io.graphstaging.http.cluster.ReadinessRoutes;
import io.graphstaging.core.cluster.ClusterConfig;
import io.graphstaging.core.cluster.DataDirectories;
import io.graphstaging.http.auth.ClientAddress;
import io.graphstaging.core.cluster.GraphOwnership;
import io.graphstaging.http.config.HttpConfig;
import io.graphstaging.http.error.ErrorResponses;
import io.graphstaging.http.error.PathRedaction;
import io.graphstaging.http.health.HealthChecks;
import io.graphstaging.http.json.JsonMappers;
import io.graphstaging.http.metrics.ServerMetrics;
import io.graphstaging.http.request.BodyReader;
import io.graphstaging.http.route.GraphRoutes;
import io.graphstaging.http.route.MaterializeRoutes;
import io.graphstaging.http.route.OperationsRoutes;
import io.graphstaging.http.route.DatabaseRoutes;
import io.graphstaging.http.route.GraphQueryRoutes;
import io.graphstaging.http.route.GraphSchemaRoutes;
import io.graphstaging.http.route.QueryRoutes;
import io.graphstaging.http.route.RegistryRoutes;
import io.graphstaging.http.route.RouteGroup;
import io.graphstaging.http.route.TableRoutes;
import io.graphstaging.http.version.PlatformVersions;
import io.graphstaging.http.server.ShutdownGate;
import io.graphstaging.http.server.StagingServer;
import io.graphstaging.http.stream.QueryStreamer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/** The HTTP edge: configuration, JSON, auth, metrics, routes and the server. */
public final class EdgeModule extends AbstractModule {
    /** 10 failed attempts from one client within 5 minutes lock it out for 5 minutes. */
    static final int AUTH_FAILURE_LIMIT = 10;
    static final Duration AUTH_WINDOW = Duration.ofMinutes(5);
    static final Duration AUTH_LOCKOUT = Duration.ofMinutes(5);
    /** A client that went away is noticed within this (the contract: within a second). */
    static final Duration CLIENT_WATCH_PERIOD = Duration.ofMillis(250);
    static final Duration TASK_MONITOR_POLL = Duration.ofSeconds(1);
    static final Duration TASK_HEARTBEAT = Duration.ofSeconds(15);

    private final HttpConfig config;
    private final PathRedaction redaction;
    private final Clock clock;

    public EdgeModule(HttpConfig config, PathRedaction redaction, Clock clock) {
        this.config = config;
        this.redaction = redaction;
        this.clock = clock;
    }

    @Override
    protected void configure() {
        // Tasks that end are counted and timed.
        OptionalBinder.newOptionalBinder(binder(), TaskObserver.class).setBinding().to(TaskMetrics.class);
        bind(HttpConfig.class).toInstance(config);
        bind(PathRedaction.class).toInstance(redaction);
        bind(ErrorResponses.class).in(Singleton.class);
        bind(HealthChecks.class).in(Singleton.class);
        bind(Clock.class).toInstance(clock);
        bind(BodyReader.class).in(Singleton.class);
        bind(ApiKeyCheck.class).in(Singleton.class);
        bind(QueryStreamer.class).in(Singleton.class);
        bind(ShutdownGate.class).in(Singleton.class);
        bind(ServerMetrics.class).in(Singleton.class);
        bind(StagingServer.class).in(Singleton.class);
        bind(PlatformVersions.class).toInstance(new PlatformVersions());
        Multibinder<RouteGroup> routes = Multibinder.newSetBinder(binder(), RouteGroup.class);
        routes.addBinding().to(TableRoutes.class);
        routes.addBinding().to(QueryRoutes.class);
        routes.addBinding().to(GraphQueryRoutes.class);
        routes.addBinding().to(GraphSchemaRoutes.class);
        routes.addBinding().to(DatabaseRoutes.class);
        routes.addBinding().to(MaterializeRoutes.class);
        routes.addBinding().to(RegistryRoutes.class);
        routes.addBinding().to(GraphRoutes.class);
        routes.addBinding().to(OperationsRoutes.class);
        routes.addBinding().to(TaskRoutes.class);
        // Scale-out: the readiness route, and the graph write lease taken before a write (a cluster only).
        routes.addBinding().to(ReadinessRoutes.class);
        routes.addBinding().to(GraphWriteClaims.class);
        // After the lease: a graph this node lacks (or just took over) is restored from its snapshot.
        routes.addBinding().to(SnapshotRestores.class);
        routes.addBinding().to(CreateDatabaseForwarding.class);
        bind(CreateDatabaseForwarding.class);
        bind(ReadinessCheck.class).in(Singleton.class);
        bind(ReadinessRoutes.class);
        bind(GraphWriteClaims.class);
        bind(SnapshotRestores.class);
        OptionalBinder.newOptionalBinder(binder(), DataDirectories.class);
        OptionalBinder.newOptionalBinder(binder(), GraphOwnership.class);
        OptionalBinder.newOptionalBinder(binder(), ClusterConfig.class);
        bind(ClientAddress.class).in(Singleton.class);
        bind(TaskRoutes.class);
        bind(TaskViews.class).in(Singleton.class);
        bind(TaskSubmissions.class).in(Singleton.class);
        bind(TableRoutes.class);
        bind(QueryRoutes.class);
        bind(GraphQueryRoutes.class);
        bind(GraphSchemaRoutes.class);
        bind(DatabaseRoutes.class);
        bind(MaterializeRoutes.class);
        bind(RegistryRoutes.class);
        bind(GraphRoutes.class);
        bind(OperationsRoutes.class);
        Multibinder<AutoCloseable> closing = Multibinder.newSetBinder(binder(), AutoCloseable.class, ClosedAtShutdown.class);
        closing.addBinding().to(QueryCalls.class);
        closing.addBinding().to(ClientWatch.class);
        closing.addBinding().to(TaskMonitor.class);
    }

    /**
     * Watchers of tasks are told this process's tasks as the runner records them, and get a report
     * at least every second (another process's task: the store read every second), with a
     * heartbeat every 15 s.
     */
    @Provides
    @Singleton
    TaskMonitor taskMonitor(TaskStore store, TaskRunner runner, TaskViews views) {
        return new TaskMonitor(store, runner, task -> views.text(views.view(task)), TASK_MONITOR_POLL, TASK_HEARTBEAT);
    }

    @Provides
    @Singleton
    TaskMetrics taskMetrics(PrometheusMeterRegistry registry) {
        return new TaskMetrics(registry);
    }

    @Provides
    @Singleton
    ClientWatch clientWatch() {
        return new ClientWatch(CLIENT_WATCH_PERIOD);
    }

    /** Query calls in progress per graph: the waiting-call cap, and at least one. */
    @Provides
    @Singleton
    QueryCalls queryCalls(ClientWatch clients) {
        return new QueryCalls(clients, Math.max(1, config.queues().maxWaitingCalls()));
    }

    @Provides
    @Singleton
    ObjectMapper objectMapper() {
        return JsonMappers.wire();
    }

    @Provides
    @Singleton
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    FailedAttempts failedAttempts(Clock clock) {
        return new FailedAttempts(clock, AUTH_FAILURE_LIMIT, AUTH_WINDOW, AUTH_LOCKOUT);
    }
}
