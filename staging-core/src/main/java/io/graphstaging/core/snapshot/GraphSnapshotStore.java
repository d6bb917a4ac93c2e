package io.graphstaging.core.snapshot;

import io.graphstaging.core.model.GraphId;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Port: graph snapshots in the object store, under {@code <prefix>/<graph_id>/snapshots/}. A
 * snapshot's files go to {@code <id>/<name>}, then the pointer {@code latest} is written last, so
 * a reader sees the previous snapshot or the new one, never half of one; the previous snapshot's
 * files are deleted only after the pointer names the new one.
 *
 * <p>Failures are {@code SNAPSHOT_FAILED}; a file whose bytes do not match the pointer's SHA-256
 * is {@code SNAPSHOT_CORRUPT}, and nothing of it is left in the target directory.
 */
public interface GraphSnapshotStore {
    /**
     * Uploads the files (name to local path; the local files must not change meanwhile) as a new
     * snapshot and makes it the latest.
     */
    Snapshot publish(GraphId graph, Map<String, Path> files);

    /** The snapshot the graph's pointer names, if any. */
    Optional<Snapshot> latest(GraphId graph);

    /** Downloads every file of the snapshot into {@code directory} (as its name), checking each one's SHA-256. */
    void download(Snapshot snapshot, Path directory);

    /** Deletes every snapshot of the graph and its pointer; true when there was one. */
    boolean deleteAll(GraphId graph);
}
