package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.snapshot.GraphSnapshotStore;
import io.graphstaging.core.snapshot.Sha256;
import io.graphstaging.core.snapshot.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link GraphSnapshotStore} must do; adapters extend it with their store. */
public abstract class GraphSnapshotStoreContract {
    // Fresh per test: an adapter's store (a shared S3Proxy bucket) may outlive one test.
    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();
    private final int n = NEXT.incrementAndGet() + new Random().nextInt(1_000_000) * 100;
    protected final GraphId GRAPH = GraphId.of("snap" + n);

    @TempDir
    protected Path temp;

    protected abstract GraphSnapshotStore store();

    /** Keys under {@code <prefix>/<graph_id>/snapshots/}, relative to it. */
    protected abstract List<String> keys(GraphId graph);

    /** Flips a byte of the stored object at {@code <prefix>/<graph_id>/snapshots/<relativeKey>}. */
    protected abstract void corrupt(GraphId graph, String relativeKey);

    /** Bytes of a file big enough to take the adapter's multipart path, if it has one. */
    protected int largeFileBytes() {
        return 300_000;
    }

    @Test
    void noSnapshotBeforeTheFirstPublish() {
        assertThat(store().latest(GRAPH)).isEmpty();
        assertThat(store().deleteAll(GRAPH)).isFalse();
    }

    @Test
    void publishedFilesComeBackByteForByteWithTheirChecksums() throws IOException {
        Path db = write("a/snapgraph.lbug", largeFileBytes(), 1);
        Path wal = write("a/snapgraph.lbug.wal", 10, 2);
        Snapshot published = store().publish(GRAPH, Map.of(GRAPH.value() + ".lbug", db, GRAPH.value() + ".lbug.wal", wal));

        Snapshot latest = store().latest(GRAPH).orElseThrow();
        assertThat(latest).isEqualTo(published);
        assertThat(latest.files()).extracting(f -> f.name() + "=" + f.size())
                .containsExactlyInAnyOrder(GRAPH.value() + ".lbug=" + largeFileBytes(), GRAPH.value() + ".lbug.wal=10");
        assertThat(latest.files()).allSatisfy(f -> assertThat(f.sha256()).hasSize(64));

        Path out = Files.createDirectories(temp.resolve("out"));
        store().download(latest, out);
        assertThat(Files.readAllBytes(out.resolve(GRAPH.value() + ".lbug"))).isEqualTo(Files.readAllBytes(db));
        assertThat(Files.readAllBytes(out.resolve(GRAPH.value() + ".lbug.wal"))).isEqualTo(Files.readAllBytes(wal));
        assertThat(Sha256.of(out.resolve(GRAPH.value() + ".lbug")).hex())
                .isEqualTo(latest.files().stream().filter(f -> f.name().equals(GRAPH.value() + ".lbug")).findFirst().orElseThrow().sha256());
    }

    @Test
    void aNewSnapshotReplacesThePreviousOnlyOnceItsPointerIsWritten() throws IOException {
        Snapshot first = store().publish(GRAPH, Map.of(GRAPH.value() + ".lbug", write("1/snapgraph.lbug", 100, 3)));
        Snapshot second = store().publish(GRAPH, Map.of(GRAPH.value() + ".lbug", write("2/snapgraph.lbug", 120, 4)));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(store().latest(GRAPH)).contains(second);
        assertThat(keys(GRAPH)).containsExactlyInAnyOrder("latest", second.id() + "/" + GRAPH.value() + ".lbug");
    }

    @Test
    void aFileThatDoesNotMatchItsChecksumIsRefused() throws IOException {
        Snapshot snapshot = store().publish(GRAPH, Map.of(GRAPH.value() + ".lbug", write("c/snapgraph.lbug", 1000, 5)));
        corrupt(GRAPH, snapshot.id() + "/" + GRAPH.value() + ".lbug");

        Path out = Files.createDirectories(temp.resolve("corrupt-out"));
        assertThatThrownBy(() -> store().download(snapshot, out))
                .isInstanceOf(StagingException.class)
                .satisfies(e -> assertThat(((StagingException) e).code()).isEqualTo(ErrorCode.SNAPSHOT_CORRUPT))
                .hasMessageContaining(GRAPH.value() + ".lbug");
    }

    @Test
    void deleteAllRemovesEverySnapshotOfTheGraphOnly() throws IOException {
        GraphId other = GraphId.of("other" + n);
        store().publish(GRAPH, Map.of(GRAPH.value() + ".lbug", write("d/snapgraph.lbug", 50, 6)));
        store().publish(other, Map.of(other.value() + ".lbug", write("d/othergraph.lbug", 50, 7)));

        assertThat(store().deleteAll(GRAPH)).isTrue();

        assertThat(store().latest(GRAPH)).isEmpty();
        assertThat(keys(GRAPH)).isEmpty();
        assertThat(store().latest(other)).isPresent();
    }

    private Path write(String name, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Path path = temp.resolve(name);
        Files.createDirectories(path.getParent());
        return Files.write(path, bytes);
    }
}
