package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where fetched source files live on local disk: {@code <root>/<graph_id>/}, one directory per
 * graph. It is a contract between two ports, configured once and handed to both: the object
 * store puts a graph's fetched objects under {@link #of(GraphId)}, and the staging store lets
 * that graph's engine read that directory and no other source directory (its sandbox).
 */
public record SpoolDirectory(Path root) {
    /** The setting that names the root: errors name it instead of the path. */
    public static final String SETTING = "STAGING_SPOOL_DIR";

    public SpoolDirectory {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** The graph's own directory, proven to lie directly under the root. */
    public Path of(GraphId graph) {
        Path resolved = root.resolve(graph.value()).normalize();
        // A graph id is already restricted to [A-Za-z0-9_-]; this is the second fence.
        if (!root.equals(resolved.getParent())) {
            throw new StagingException(ErrorCode.INVALID_GRAPH_ID, "Graph id " + graph + " does not name a spool directory");
        }
        return resolved;
    }
}
