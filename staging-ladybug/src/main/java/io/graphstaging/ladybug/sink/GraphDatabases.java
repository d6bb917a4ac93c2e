package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.Database;
import io.graphstaging.ladybug.binding.DatabaseConfig;
import io.graphstaging.ladybug.binding.LadybugException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The open database of each graph, {@code <dir>/<graph_id>.lbug}. LadybugDB allows one
 * read-write database per file per process, so each graph's is opened once and kept open until
 * {@link #close()}; work on one graph is serialised on its lock, graphs run in parallel.
 */
final class GraphDatabases implements AutoCloseable {
    private final Path dir;
    private final DatabaseConfig config;
    private final ConcurrentHashMap<GraphId, OpenGraph> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record OpenGraph(Database database, Connection connection, ReentrantLock lock) {}

    GraphDatabases(Path dir, DatabaseConfig config) {
        this.dir = dir.toAbsolutePath().normalize();
        this.config = config;
    }

    /** Runs {@code work} on the graph's connection, creating the database file when missing. */
    <T> T write(GraphId graph, Function<Connection, T> work) {
        return run(openGraph(graph), work);
    }

    /** Like {@link #write}, but empty (and nothing created) for a graph without a database file. */
    <T> Optional<T> readIfExists(GraphId graph, Function<Connection, T> work) {
        if (!open.containsKey(graph) && !Files.exists(pathOf(graph))) {
            return Optional.empty();
        }
        return Optional.of(run(openGraph(graph), work));
    }

    Path pathOf(GraphId graph) {
        Path path = dir.resolve(graph.value() + ".lbug").normalize();
        if (!path.getParent().equals(dir)) {
            throw new StagingException(ErrorCode.INVALID_GRAPH_ID, "Graph id " + graph + " does not name a file in the graph directory");
        }
        return path;
    }

    private <T> T run(OpenGraph graph, Function<Connection, T> work) {
        graph.lock().lock();
        try {
            ensureOpen();
            return work.apply(graph.connection());
        } finally {
            graph.lock().unlock();
        }
    }

    private OpenGraph openGraph(GraphId graph) {
        ensureOpen();
        return open.computeIfAbsent(graph, g -> {
            Path path = pathOf(g);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StagingException(ErrorCode.GRAPH_FAILED,
                        "Cannot create the graph database directory " + dir + ": " + e.getMessage(), e);
            }
            Database database;
            try {
                database = Database.open(path, config);
            } catch (LadybugException e) {
                throw new StagingException(ErrorCode.GRAPH_FAILED,
                        "Cannot open the graph database of graph " + g + ": " + e.getMessage(), e);
            }
            return new OpenGraph(database, database.connect(), new ReentrantLock());
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "The graph databases are closed");
        }
    }

    /** Closes every open database, waiting for work in progress on each. */
    @Override
    public void close() {
        closed = true;
        List<String> failures = new ArrayList<>();
        for (var entry : open.entrySet()) {
            OpenGraph graph = entry.getValue();
            graph.lock().lock();
            try {
                graph.database().close();
            } catch (LadybugException e) {
                failures.add(entry.getKey() + ": " + e.getMessage());
            } finally {
                graph.lock().unlock();
            }
        }
        open.clear();
        if (!failures.isEmpty()) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, "Closing graph databases failed: " + String.join("; ", failures));
        }
    }
}
