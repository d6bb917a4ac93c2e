package io.graphstaging.http.cluster;

import io.graphstaging.core.cluster.DataDirectories;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.port.FileRegistry;
import io.graphstaging.http.api.ReadyResponse;
import io.graphstaging.http.error.ErrorResponses;
import io.graphstaging.http.server.ShutdownGate;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node can serve at all, for a load balancer: the registry answers, every data
 * directory takes a new file, and the node is not shutting down. Unlike {@code /health} it says
 * nothing about single graphs, so one broken graph never takes a whole node out of rotation. The
 * registry and directories are probed at most once per {@link #FRESH_FOR}; a shutdown shows at once.
 */
public final class ReadinessCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessCheck.class);
    static final Duration FRESH_FOR = Duration.ofSeconds(1);
    static final String OK = "ok";

    private final FileRegistry registry;
    private final Map<String, Path> directories;
    private final ShutdownGate gate;
    private final ErrorResponses errors;
    private final Clock clock;
    private Map<String, String> last; // guarded by this
    private Instant checkedAt; // guarded by this

    @Inject
    public ReadinessCheck(FileRegistry registry, Optional<DataDirectories> directories, ShutdownGate gate,
                          ErrorResponses errors, Clock clock) {
        this.registry = registry;
        this.directories = directories.map(DataDirectories::bySetting).orElse(Map.of());
        this.gate = gate;
        this.errors = errors;
        this.clock = clock;
    }

    public synchronized ReadyResponse current() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(checkedAt.plus(FRESH_FOR))) {
            last = probe();
            checkedAt = now;
        }
        Map<String, String> checks = new LinkedHashMap<>(last);
        checks.put("accepting_requests", gate.isClosed() ? "shutting down" : OK);
        boolean ready = checks.values().stream().allMatch(OK::equals);
        return new ReadyResponse(ready ? "ready" : "not_ready", checks);
    }

    private Map<String, String> probe() {
        Map<String, String> checks = new LinkedHashMap<>();
        try {
            registry.checkHealth();
            checks.put("registry", OK);
        } catch (StagingException e) {
            String detail = errors.detail(e.getMessage());
            LOG.warn("Not ready: the registry does not answer: {}", detail);
            checks.put("registry", e.code().code() + ": " + detail);
        }
        checks.put("data_directories", writable());
        return checks;
    }

    /** "ok", or which setting's directory takes no file (named by its setting, never by its path). */
    private String writable() {
        for (Map.Entry<String, Path> directory : directories.entrySet()) {
            try {
                Files.createDirectories(directory.getValue());
                Path probe = Files.createTempFile(directory.getValue(), ".ready-", ".probe");
                Files.delete(probe);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Not ready: the directory of {} takes no file: {}", directory.getKey(), e.toString());
                return "the directory of " + directory.getKey() + " is not writable";
            }
        }
        return OK;
    }
}
