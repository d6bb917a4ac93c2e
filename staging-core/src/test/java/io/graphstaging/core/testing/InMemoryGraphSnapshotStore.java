package io.graphstaging.core.testing;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.snapshot.GraphSnapshotStore;
import io.graphstaging.core.snapshot.Sha256;
import io.graphstaging.core.snapshot.Snapshot;
import io.graphstaging.core.snapshot.SnapshotFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** {@link GraphSnapshotStore} in memory, objects by key as the S3 adapter lays them out. */
public final class InMemoryGraphSnapshotStore implements GraphSnapshotStore {
    private final Map<String, byte[]> objects = new TreeMap<>();

    @Override
    public synchronized Snapshot publish(GraphId graph, Map<String, Path> files) {
        String id = UUID.randomUUID().toString();
        List<SnapshotFile> recorded = new ArrayList<>();
        for (Map.Entry<String, Path> file : new TreeMap<>(files).entrySet()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file.getValue());
            } catch (IOException e) {
                throw new StagingException(ErrorCode.SNAPSHOT_FAILED, "Cannot read " + file.getKey() + ": " + e.getMessage(), e);
            }
            recorded.add(new SnapshotFile(file.getKey(), bytes.length, Sha256.of(bytes).hex()));
            objects.put(prefix(graph) + id + "/" + file.getKey(), bytes);
        }
        Optional<Snapshot> previous = latest(graph);
        Snapshot snapshot = new Snapshot(graph, id, recorded);
        objects.put(prefix(graph) + "latest", snapshot.pointer().getBytes(StandardCharsets.UTF_8));
        previous.ifPresent(old -> objects.keySet().removeIf(key -> key.startsWith(prefix(graph) + old.id() + "/")));
        return snapshot;
    }

    @Override
    public synchronized Optional<Snapshot> latest(GraphId graph) {
        return Optional.ofNullable(objects.get(prefix(graph) + "latest"))
                .map(bytes -> Snapshot.parse(graph, new String(bytes, StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized void download(Snapshot snapshot, Path directory) {
        for (SnapshotFile file : snapshot.files()) {
            byte[] bytes = objects.get(prefix(snapshot.graph()) + snapshot.id() + "/" + file.name());
            if (bytes == null) {
                throw new StagingException(ErrorCode.SNAPSHOT_FAILED, "Snapshot " + snapshot.id() + " of graph "
                        + snapshot.graph() + " has no file " + file.name());
            }
            if (!Sha256.of(bytes).hex().equals(file.sha256())) {
                throw new StagingException(ErrorCode.SNAPSHOT_CORRUPT, "File " + file.name() + " of snapshot "
                        + snapshot.id() + " of graph " + snapshot.graph() + " does not match its SHA-256");
            }
            try {
                Files.write(directory.resolve(file.name()), bytes);
            } catch (IOException e) {
                throw new StagingException(ErrorCode.SNAPSHOT_FAILED, "Cannot write " + file.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized boolean deleteAll(GraphId graph) {
        return objects.keySet().removeIf(key -> key.startsWith(prefix(graph)));
    }

    /** Keys under the graph's snapshots, relative to {@code <graph_id>/snapshots/}. */
    public synchronized List<String> keys(GraphId graph) {
        return objects.keySet().stream().filter(k -> k.startsWith(prefix(graph)))
                .map(k -> k.substring(prefix(graph).length())).toList();
    }

    /** Changes one byte of a stored snapshot file (tests of the checksum). */
    public synchronized void corrupt(GraphId graph, String relativeKey) {
        byte[] bytes = objects.get(prefix(graph) + relativeKey).clone();
        bytes[0] ^= 1;
        objects.put(prefix(graph) + relativeKey, bytes);
    }

    private static String prefix(GraphId graph) {
        return graph.value() + "/snapshots/";
    }
}
