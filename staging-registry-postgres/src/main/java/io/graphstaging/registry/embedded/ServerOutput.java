package io.graphstaging.registry.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the embedded PostgreSQL's own output goes: at DEBUG while all is well (it is the
 * server's business, not the operator's), at ERROR when it explains a failure.
 */
final class ServerOutput {
    /** A logger of its own, so operators can turn the server's output on without the rest. */
    static final Logger LOG = LoggerFactory.getLogger("io.graphstaging.registry.embedded.postgres");

    void succeeded(String step, String text) {
        if (LOG.isDebugEnabled() && !text.isBlank()) {
            text.lines().filter(line -> !line.isBlank()).forEach(line -> LOG.debug("{}: {}", step, line));
        }
    }

    void failed(String step, String text) {
        LOG.error("Embedded PostgreSQL {} failed; its output:\n{}", step, text.isBlank() ? "(none)" : text.strip());
    }
}
