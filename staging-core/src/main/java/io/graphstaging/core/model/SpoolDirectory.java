package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Stream;

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

    /**
     * Deletes the graph's directory and everything in it (links are deleted, never followed).
     * The caller holds the whole graph, so that no fetch is writing there. Returns whether there
     * was one.
     *
     * @throws StagingException {@code STAGING_FAILED} naming the setting when a file cannot be deleted
     */
    public boolean delete(GraphId graph) {
        Path directory = of(graph);
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            deleteTree(directory);
        } catch (IOException e) {
            throw new StagingException(ErrorCode.STAGING_FAILED, "Cannot delete the spooled files of graph " + graph
                    + " under " + SETTING + ": " + e.getClass().getSimpleName());
        }
        return true;
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
        }
        Files.deleteIfExists(path);
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
