package io.graphstaging.core.snapshot;

import io.graphstaging.core.model.GraphId;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Port: a graph database's files on this node, for snapshots. Both calls hold the graph (no write
 * runs meanwhile) and close its open database first, so the engine has checkpointed and the files
 * are complete on their own.
 */
public interface GraphFiles {
    /**
     * Copies the graph's database files into {@code directory} while the graph is held; returns
     * them by name, empty when the graph has no database on this node.
     */
    Optional<Map<String, Path>> copyTo(GraphId graph, Path directory);

    /** Whether the graph has a database file on this node. */
    boolean exists(GraphId graph);

    /**
     * Replaces the graph's database files with those in {@code directory} (moved, named as in a
     * snapshot), while the graph is held.
     */
    void install(GraphId graph, Path directory);

    /**
     * Deletes the graph's database files on this node while the graph is held; returns whether
     * there were any.
     */
    boolean remove(GraphId graph);

    /** A new empty directory on the database's file system, for copies and downloads. */
    Path workDirectory();
}
