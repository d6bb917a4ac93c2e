package io.graphstaging.core.snapshot;

import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each graph's database recoverable from the object store. After a materialize the graph's
 * files are copied while the graph is held (its database closed, so checkpointed) and the copy is
 * uploaded as the latest snapshot; a node that serves a graph it has no database file of restores
 * the latest snapshot first (checksums verified), once per graph and process, or again when it
 * takes the graph's lease over from another node. Off (every call a no-op) unless configured.
 */
public final class GraphSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(GraphSnapshots.class);

    private final SnapshotConfig config;
    private final GraphSnapshotStore store;
    private final GraphFiles files;
    /** Graphs whose local files this process has checked (or restored) since it started. */
    private final Set<GraphId> checked = ConcurrentHashMap.newKeySet();
    /** The snapshot each graph's local files match (this node published or restored it). */
    private final ConcurrentHashMap<GraphId, String> matching = new ConcurrentHashMap<>();
    /** One lock per graph seen, serialising its snapshots and restores (a few bytes per graph). */
    private final ConcurrentHashMap<GraphId, Object> locks = new ConcurrentHashMap<>();

    public GraphSnapshots(SnapshotConfig config, GraphSnapshotStore store, GraphFiles files) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(store, "store");
        this.files = Objects.requireNonNull(files, "files");
    }

    private GraphSnapshots() {
        this.config = SnapshotConfig.off();
        this.store = null;
        this.files = null;
    }

    /** Snapshots off: every call does nothing, no store or files are needed. */
    public static GraphSnapshots off() {
        return new GraphSnapshots();
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Snapshots the graph's database as it is now; empty when snapshots are off or the graph has no
     * database file.
     *
     * @throws StagingException {@code SNAPSHOT_FAILED} when the upload fails (the graph itself is written)
     */
    public Optional<Snapshot> snapshot(GraphId graph) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        // One snapshot of a graph at a time, so the later copy is always the one published last.
        synchronized (lockOf(graph)) {
            Path work = files.workDirectory();
            try {
                Optional<Map<String, Path>> copy = files.copyTo(graph, work);
                checked.add(graph);
                Optional<Snapshot> published = copy.map(found -> store.publish(graph, found));
                published.ifPresent(p -> matching.put(graph, p.id()));
                return published;
            } finally {
                deleteTree(work);
            }
        }
    }

    /**
     * Restores the latest snapshot when this node has no database file of the graph and has not
     * checked it yet since it started; returns whether it restored one.
     */
    public boolean restoreIfMissing(GraphId graph) {
        if (!config.enabled() || checked.contains(graph)) {
            return false;
        }
        synchronized (lockOf(graph)) {
            if (checked.contains(graph)) {
                return false;
            }
            boolean restored = !files.exists(graph) && store.latest(graph).map(latest -> restore(graph, latest, false))
                    .orElse(false);
            checked.add(graph);
            return restored;
        }
    }

    /**
     * The node took the graph over from another node (a lease that ran out, or a deleted graph): its
     * local files may be stale, so the latest snapshot replaces them when there is one, unless it is
     * the snapshot these files already match; returns whether it did. With no snapshot at all (the
     * other node deleted the graph, or never wrote one) this node's files are older than what the
     * other node held and are removed: a graph database is derived from staging, and the next
     * materialize writes it again, whereas stale files would be served as the graph.
     */
    public boolean restoreTakenOver(GraphId graph) {
        if (!config.enabled()) {
            return false;
        }
        synchronized (lockOf(graph)) {
            Optional<Snapshot> latest = store.latest(graph);
            boolean restored = latest.isPresent() && restore(graph, latest.get(), true);
            if (latest.isEmpty()) {
                matching.remove(graph);
                if (files.remove(graph)) {
                    LOG.warn("Removed this node's old database files of graph {}: another node held the graph"
                            + " since and left no snapshot", graph);
                }
            }
            checked.add(graph);
            return restored;
        }
    }

    /** The graph was deleted: its snapshots go too. */
    public void delete(GraphId graph) {
        if (!config.enabled()) {
            return;
        }
        synchronized (lockOf(graph)) {
            store.deleteAll(graph);
            checked.remove(graph);
            matching.remove(graph);
        }
    }

    private Object lockOf(GraphId graph) {
        return locks.computeIfAbsent(graph, g -> new Object());
    }

    private boolean restore(GraphId graph, Snapshot latest, boolean unlessMatching) {
        if (unlessMatching && latest.id().equals(matching.get(graph)) && files.exists(graph)) {
            return false; // nobody wrote the graph since this node's own snapshot
        }
        Path work = files.workDirectory();
        try {
            store.download(latest, work);
            files.install(graph, work);
            matching.put(graph, latest.id());
            LOG.info("Restored graph {} from snapshot {}", graph, latest.id());
            return true;
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // A leftover work directory wastes space but harms nothing; the next start may clear it.
            LOG.warn("Could not delete the snapshot work directory {}: {}", directory.getFileName(), e.getMessage());
        }
    }
}
