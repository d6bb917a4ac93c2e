package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.snapshot.GraphFiles;
import io.graphstaging.ladybug.LadybugConfig;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The graph databases' files for snapshots, through the sink's open databases, so a copy or an
 * install waits for the graph's work and closes its database first. Work directories live in
 * {@code <graph dir>/.snapshot-work/} (no graph id starts with a dot), on the databases' own file
 * system, so a restored file is moved into place, not copied again.
 */
public final class LadybugGraphFiles implements GraphFiles {
    private final GraphDatabases databases;
    private final Path workRoot;

    @Inject
    public LadybugGraphFiles(LadybugGraphSink sink, LadybugConfig config) {
        this.databases = sink.databases();
        this.workRoot = config.databaseDir().toAbsolutePath().normalize().resolve(".snapshot-work");
    }

    @Override
    public Optional<Map<String, Path>> copyTo(GraphId graph, Path directory) {
        return databases.copyTo(graph, directory);
    }

    @Override
    public boolean exists(GraphId graph) {
        return Files.exists(databases.pathOf(graph));
    }

    @Override
    public void install(GraphId graph, Path directory) {
        databases.install(graph, directory);
    }

    @Override
    public boolean remove(GraphId graph) {
        return databases.delete(graph);
    }

    @Override
    public Path workDirectory() {
        try {
            Files.createDirectories(workRoot);
            return Files.createTempDirectory(workRoot, "snapshot-");
        } catch (IOException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "Cannot create a snapshot work directory under the graph"
                    + " database directory: " + e.getMessage(), e);
        }
    }
}
