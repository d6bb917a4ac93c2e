package io.graphstaging.http.health;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.port.ObjectStore;
import io.graphstaging.core.port.StagingMaintenance;
import io.graphstaging.http.api.HealthResponse;
import io.graphstaging.http.error.ErrorResponses;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code /health} answers: each part (staging engine, registry, object store, graph engine)
 * checked through its port, {@code ok} or what is broken, with no path of the server in it. The
 * checks run at most once per {@link #FRESH_FOR}, however many clients ask at once (the others get
 * the last answer), so a crowd of health checkers costs one check a second.
 */
public final class HealthChecks {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);
    static final Duration FRESH_FOR = Duration.ofSeconds(1);
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final StagingMaintenance staging;
    private final FileRegistry registry;
    private final ObjectStore objects;
    private final GraphSink graph;
    private final ErrorResponses errors;
    private final Clock clock;
    private final Instant started;
    private HealthResponse last; // guarded by this
    private Instant checkedAt; // guarded by this

    @Inject
    public HealthChecks(StagingMaintenance staging, FileRegistry registry, ObjectStore objects, GraphSink graph,
                        ErrorResponses errors, Clock clock) {
        this.staging = staging;
        this.registry = registry;
        this.objects = objects;
        this.graph = graph;
        this.errors = errors;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** The current health: checked now, or at most {@link #FRESH_FOR} ago. */
    public synchronized HealthResponse current() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(FRESH_FOR))) {
            last = check(now);
            checkedAt = now;
        }
        return last;
    }

    private HealthResponse check(Instant now) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("duckdb", check("duckdb", staging::checkHealth));
        checks.put("registry", check("registry", registry::checkHealth));
        checks.put("object_store", check("object_store", objects::checkHealth));
        checks.put("graph", check("graph", graph::checkHealth));
        boolean healthy = checks.values().stream().allMatch("ok"::equals);
        Integer databases = null;
        try {
            databases = staging.stats().totalDatabasesOnDisk();
        } catch (RuntimeException e) {
            LOG.debug("Counting the staging databases failed", e);
        }
        return new HealthResponse(healthy ? "healthy" : "unhealthy",
                Math.round(Duration.between(started, now).toMillis() / 100.0) / 10.0, databases, residentMemoryMb(),
                checks);
    }

    /** "ok", or what failed: a failing part is the answer of a health check, not an error of it. */
    private String check(String part, Runnable probe) {
        try {
            probe.run();
            return "ok";
        } catch (StagingException e) {
            String detail = errors.detail(e.getMessage());
            LOG.warn("Health check of {} failed: {}", part, detail);
            return e.code().code() + ": " + detail;
        } catch (RuntimeException e) {
            LOG.error("Health check of {} failed unexpectedly", part, e);
            return "internal: the health check failed unexpectedly";
        }
    }

    /** The process's resident memory (Linux), or null where it cannot be read. */
    private static Double residentMemoryMb() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return Math.round(kib / 102.4) / 10.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Reading the resident memory failed", e);
        }
        return null;
    }
}
