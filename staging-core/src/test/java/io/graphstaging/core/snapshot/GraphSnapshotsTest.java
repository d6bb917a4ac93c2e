package io.graphstaging.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.testing.InMemoryGraphSnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphSnapshotsTest {
    private static final GraphId G = GraphId.of("g1");
    private static final SnapshotConfig ON = new SnapshotConfig(true, Optional.of(ObjectUri.parse("s3://bucket/snaps")));

    @TempDir
    Path temp;

    private final InMemoryGraphSnapshotStore store = new InMemoryGraphSnapshotStore();

    @Test
    void offDoesNothing() throws IOException {
        DirectoryFiles files = new DirectoryFiles(temp.resolve("node"));
        files.write(G, "graph v1");
        GraphSnapshots off = GraphSnapshots.off();

        assertThat(off.snapshot(G)).isEmpty();
        assertThat(off.restoreIfMissing(G)).isFalse();
        assertThat(store.keys(G)).isEmpty();
    }

    @Test
    void aNodeWithoutTheGraphRestoresTheLatestSnapshotOnce() throws IOException {
        DirectoryFiles first = new DirectoryFiles(temp.resolve("node1"));
        first.write(G, "graph v1");
        new GraphSnapshots(ON, store, first).snapshot(G);
        first.write(G, "graph v2");
        Snapshot latest = new GraphSnapshots(ON, store, first).snapshot(G).orElseThrow();

        DirectoryFiles second = new DirectoryFiles(temp.resolve("node2"));
        GraphSnapshots snapshots = new GraphSnapshots(ON, store, second);
        assertThat(snapshots.restoreIfMissing(G)).isTrue();
        assertThat(second.read(G)).isEqualTo("graph v2");
        assertThat(store.keys(G)).containsExactlyInAnyOrder("latest", latest.id() + "/g1.lbug");

        second.write(G, "local change");
        assertThat(snapshots.restoreIfMissing(G)).isFalse();
        assertThat(second.read(G)).isEqualTo("local change");
        // Taking the graph back when nobody snapshotted it since: this node's files are the newest.
        assertThat(snapshots.restoreTakenOver(G)).isFalse();
        assertThat(second.read(G)).isEqualTo("local change");
        // Another node wrote and snapshotted it meanwhile: a takeover replaces this node's stale files.
        first.write(G, "graph v3");
        new GraphSnapshots(ON, store, first).snapshot(G);
        assertThat(snapshots.restoreTakenOver(G)).isTrue();
        assertThat(second.read(G)).isEqualTo("graph v3");
    }

    @Test
    void aCorruptSnapshotIsAnErrorAndNothingIsInstalled() throws IOException {
        DirectoryFiles first = new DirectoryFiles(temp.resolve("node1"));
        first.write(G, "graph v1");
        Snapshot snapshot = new GraphSnapshots(ON, store, first).snapshot(G).orElseThrow();
        store.corrupt(G, snapshot.id() + "/g1.lbug");

        DirectoryFiles second = new DirectoryFiles(temp.resolve("node2"));
        GraphSnapshots snapshots = new GraphSnapshots(ON, store, second);
        assertThatThrownBy(() -> snapshots.restoreIfMissing(G))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SNAPSHOT_CORRUPT));
        assertThat(second.exists(G)).isFalse();
        // Not marked checked: the next request tries (and fails) again rather than serve an empty graph.
        assertThatThrownBy(() -> snapshots.restoreIfMissing(G)).isInstanceOf(StagingException.class);
    }

    @Test
    void deletingTheGraphRemovesItsSnapshots() throws IOException {
        DirectoryFiles files = new DirectoryFiles(temp.resolve("node"));
        files.write(G, "graph v1");
        GraphSnapshots snapshots = new GraphSnapshots(ON, store, files);
        snapshots.snapshot(G);

        snapshots.delete(G);

        assertThat(store.keys(G)).isEmpty();
    }

    /**
     * Issue 16: a node with old files of a graph that another node held since and deleted (so no
     * snapshot is left) must not serve them when it takes the graph again.
     */
    @Test
    void aTakeoverWithNoSnapshotLeftRemovesThisNodesOldFiles() throws IOException {
        DirectoryFiles files = new DirectoryFiles(temp.resolve("node"));
        files.write(G, "graph v1");
        GraphSnapshots mine = new GraphSnapshots(ON, store, files);
        mine.snapshot(G);
        // Another node took the graph over, then deleted it: its snapshots went with it.
        new GraphSnapshots(ON, store, new DirectoryFiles(temp.resolve("other"))).delete(G);

        assertThat(mine.restoreTakenOver(G)).isFalse();

        assertThat(files.exists(G)).isFalse();
        // A node that simply lacks the graph restores nothing and removes nothing.
        files.write(G, "graph v2");
        assertThat(mine.restoreIfMissing(G)).isFalse();
        assertThat(files.read(G)).isEqualTo("graph v2");
    }

    /** Graph files as plain files {@code <dir>/<graph>.lbug}: the port's behaviour without an engine. */
    private static final class DirectoryFiles implements GraphFiles {
        private final Path dir;

        DirectoryFiles(Path dir) throws IOException {
            this.dir = Files.createDirectories(dir);
        }

        void write(GraphId graph, String content) throws IOException {
            Files.writeString(dir.resolve(graph.value() + ".lbug"), content);
        }

        String read(GraphId graph) throws IOException {
            return Files.readString(dir.resolve(graph.value() + ".lbug"));
        }

        @Override
        public Optional<Map<String, Path>> copyTo(GraphId graph, Path directory) {
            Path file = dir.resolve(graph.value() + ".lbug");
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            try {
                Path copy = Files.copy(file, directory.resolve(file.getFileName()));
                return Optional.of(new TreeMap<>(Map.of(file.getFileName().toString(), copy)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean exists(GraphId graph) {
            return Files.exists(dir.resolve(graph.value() + ".lbug"));
        }

        @Override
        public void install(GraphId graph, Path directory) {
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.move(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean remove(GraphId graph) {
            try {
                return Files.deleteIfExists(dir.resolve(graph.value() + ".lbug"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Path workDirectory() {
            try {
                return Files.createTempDirectory(dir, ".work-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
