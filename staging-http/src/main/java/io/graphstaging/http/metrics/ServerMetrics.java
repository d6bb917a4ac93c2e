package io.graphstaging.http.metrics;

import io.graphstaging.core.task.TaskRunner;
import io.graphstaging.core.task.TaskStatus;
import java.util.List;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.port.StagingMaintenance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * What {@code /metrics} shows: request counts and latencies per route, the staging pool's
 * gauges, rows staged and materialized, and this process's unfinished tasks (ended ones:
 * {@link TaskMetrics}).
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry;
    private final Counter rowsStaged;
    private final Counter rowsMaterialized;
    private final Counter rowsRejected;

    @Inject
    public ServerMetrics(PrometheusMeterRegistry registry, StagingMaintenance maintenance, TaskRunner tasks) {
        this.registry = registry;
        this.rowsStaged = Counter.builder("staging.rows.staged")
                .description("Rows visible in staging tables after create, append or refresh").register(registry);
        this.rowsMaterialized = Counter.builder("staging.rows.materialized")
                .description("Rows loaded into graph databases").register(registry);
        this.rowsRejected = Counter.builder("staging.rows.rejected")
                .description("Rows the graph databases rejected").register(registry);
        poolGauge(maintenance, "staging.pool.connections", "Open DuckDB connections", PoolStats::totalConnections);
        poolGauge(maintenance, "staging.pool.databases.on.disk", "Staging database files", PoolStats::totalDatabasesOnDisk);
        poolGauge(maintenance, "staging.pool.connections.in.use", "DuckDB connections checked out",
                s -> s.databasePools().values().stream().mapToInt(PoolStats.DatabasePool::inUse).sum());
        for (TaskStatus status : List.of(TaskStatus.PENDING, TaskStatus.RUNNING)) {
            Gauge.builder("staging.tasks.unfinished", tasks, t -> t.unfinished().get(status)).tag("status", status.wireName())
                    .description("Tasks of this process not ended yet; the pending ones are the queue").register(registry);
        }
    }

    private void poolGauge(StagingMaintenance maintenance, String name, String description,
                           ToDoubleFunction<PoolStats> value) {
        Gauge.builder(name, maintenance, m -> value.applyAsDouble(m.stats())).description(description).register(registry);
    }

    public void recordRequest(String method, String route, int status, long nanos) {
        Timer.builder("http.server.requests")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .publishPercentileHistogram(false)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void rowsStaged(long rows) {
        rowsStaged.increment(rows);
    }

    public void materialized(long ingested, long rejected) {
        rowsMaterialized.increment(ingested);
        rowsRejected.increment(rejected);
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
