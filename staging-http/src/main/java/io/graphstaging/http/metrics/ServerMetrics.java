package io.graphstaging.http.metrics;

import io.graphstaging.core.task.TaskRunner;
import io.graphstaging.core.task.TaskStatus;
import java.util.List;
import io.graphstaging.core.model.PoolStats;
import io.graphstaging.core.port.StagingMaintenance;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * What {@code /metrics} shows: request counts and latency histograms per route (so a p99 can be
 * computed), the staging pool's gauges, rows staged and materialized, this process's unfinished
 * tasks (ended ones: {@link TaskMetrics}), and the JVM's and the process's own (memory, GC,
 * threads, classes, CPU, open files, uptime).
 */
public final class ServerMetrics {
    private final PrometheusMeterRegistry registry;
    private final Counter rowsStaged;
    private final Counter rowsMaterialized;
    private final Counter rowsRejected;

    @Inject
    public ServerMetrics(PrometheusMeterRegistry registry, StagingMaintenance maintenance, TaskRunner tasks) {
        this.registry = registry;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        // GC pause metrics listen for notifications: the binder stays referenced by the registry's meters.
        new JvmGcMetrics().bindTo(registry);
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
                .publishPercentileHistogram(true)
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
