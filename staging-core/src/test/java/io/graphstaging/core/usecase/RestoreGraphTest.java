package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.NewRegistryFile;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.StagingStatus;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.model.UploadStatus;
import io.graphstaging.core.snapshot.GraphFiles;
import io.graphstaging.core.snapshot.GraphSnapshots;
import io.graphstaging.core.snapshot.SnapshotConfig;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.testing.InMemoryGraphSnapshotStore;
import io.graphstaging.core.testing.InMemoryObjectStore;
import io.graphstaging.core.testing.InMemoryStagingStore;
import io.graphstaging.core.testing.QueryAnswers;
import io.graphstaging.core.testing.RowsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node restoring a graph rebuilds exactly the staging tables the node that held it last had
 * (issue 16): the registry's files recorded as staged, not tables registered and never refreshed,
 * nor dropped ones, nor files registered after the last refresh.
 */
class RestoreGraphTest {
    private static final List<Column> NODE = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));
    private static final GraphId G = GraphId.of("g1");
    private static final SnapshotConfig ON = new SnapshotConfig(true, Optional.of(ObjectUri.parse("s3://bucket/snaps")));

    @TempDir
    Path dir;
    private InMemoryObjectStore objects;
    private InMemoryFileRegistry registry;
    /** The node that held the graph. */
    private Node old;

    private record Node(InMemoryStagingStore store, TableLocks locks, CreateTable create, DeleteTable drop,
                        RefreshTable refresh, RestoreGraph restore) {}

    @BeforeEach
    void wire() {
        objects = new InMemoryObjectStore(dir.resolve("spool"));
        registry = new InMemoryFileRegistry();
        old = node("old");
    }

    private Node node(String name) {
        InMemoryStagingStore store = new InMemoryStagingStore(dir.resolve(name + "-exports"));
        TableLocks locks = new TableLocks(Duration.ofMillis(500));
        StagedFileRegistration registration = StagedFileRegistration.always(registry);
        RefreshTable refresh = new RefreshTable(registry, objects, store, locks);
        GraphSnapshots snapshots = new GraphSnapshots(ON, new InMemoryGraphSnapshotStore(), new NoGraphDatabase(dir));
        return new Node(store, locks, new CreateTable(objects, store, locks, registration),
                new DeleteTable(store, locks, registration), refresh,
                new RestoreGraph(snapshots, registry, store, refresh, locks));
    }

    private ObjectUri put(String key, long id) {
        ObjectUri uri = new ObjectUri("bucket", key);
        objects.put(uri, RowsFile.encode(NODE, List.of(List.of(id, key))));
        return uri;
    }

    private void registerCompleted(String table, ObjectUri uri) {
        registry.registerTable(G, TableName.of(table), TableKind.NODE);
        registry.registerFile(new NewRegistryFile(G, TableName.of(table), uri, uri.key(), 1, UploadStatus.COMPLETED));
    }

    private void createDirectly(Node node, String table, ObjectUri uri) {
        node.create().execute(new StageFilesCommand(G, TableName.of(table), ObjectPattern.ofUris(List.of(uri.toString())),
                Map.of(uri, FileId.of("f_" + table))));
    }

    private static List<String> tables(Node node) {
        return node.store().listTables(G).stream().map(t -> t.table().value()).sorted().toList();
    }

    private static List<List<Object>> ids(Node node, String table) {
        return QueryAnswers.all(node.store(), G, "SELECT * FROM " + table).rows().stream()
                .map(row -> List.of(row.get(0))).sorted(java.util.Comparator.comparing(row -> (Long) row.get(0))).toList();
    }

    @Test
    void aNewNodeRebuildsOnlyTheTablesTheOldNodeHeld() {
        registerCompleted("refreshed", put("refreshed/a.rows", 1));
        old.refresh().execute(G, TableName.of("refreshed"));
        // A file registered after the last refresh was never in the old node's table.
        registerCompleted("refreshed", put("refreshed/later.rows", 2));
        registerCompleted("never_refreshed", put("never/a.rows", 3));
        createDirectly(old, "direct", put("direct/a.rows", 4));
        createDirectly(old, "dropped", put("dropped/a.rows", 5));
        registerCompleted("dropped_registry", put("dropped_registry/a.rows", 6));
        old.refresh().execute(G, TableName.of("dropped_registry"));
        old.drop().execute(G, TableName.of("dropped"));
        old.drop().execute(G, TableName.of("dropped_registry"));
        assertThat(tables(old)).containsExactly("direct", "refreshed");

        Node fresh = node("fresh");
        assertThat(fresh.restore().beforeServing(G, false)).isEqualTo(2);

        assertThat(tables(fresh)).isEqualTo(tables(old));
        assertThat(ids(fresh, "refreshed")).isEqualTo(ids(old, "refreshed")).containsExactly(List.of(1L));
        assertThat(ids(fresh, "direct")).isEqualTo(ids(old, "direct"));
        assertThat(registry.listFiles(G, TableName.of("refreshed"))).extracting(f -> f.objectUri().key() + " "
                + f.stagingStatus()).containsExactly("refreshed/a.rows STAGED", "refreshed/later.rows PENDING");
        assertThat(registry.listFiles(G, TableName.of("never_refreshed")))
                .extracting(f -> f.stagingStatus()).containsOnly(StagingStatus.PENDING);
        // Once per graph and process.
        assertThat(fresh.restore().beforeServing(G, false)).isZero();
    }

    @Test
    void aTakeoverRebuildsTheHeldTablesAndDropsWhatAnotherNodeDroppedSince() {
        createDirectly(old, "kept", put("kept/a.rows", 1));
        createDirectly(old, "dropped", put("dropped/a.rows", 2));
        Node other = node("other");
        // The other node took the graph over, dropped one table and appended to the other.
        other.restore().beforeServing(G, true);
        other.drop().execute(G, TableName.of("dropped"));
        ObjectUri more = put("kept/b.rows", 3);
        new AppendFiles(objects, other.store(), other.locks(), StagedFileRegistration.always(registry)).execute(
                new StageFilesCommand(G, TableName.of("kept"), ObjectPattern.ofUris(List.of(more.toString())), Map.of()));

        // The old node takes the graph back: its local files are stale.
        assertThat(old.restore().beforeServing(G, true)).isEqualTo(1);

        assertThat(tables(old)).containsExactly("kept");
        assertThat(ids(old, "kept")).isEqualTo(ids(other, "kept")).containsExactly(List.of(1L), List.of(3L));
    }

    @Test
    void aFirstRequestKeepsTheTablesThisNodeHasAndRestoresNone() {
        createDirectly(old, "direct", put("direct/a.rows", 1));
        TableSummary before = old.store().listTables(G).get(0);

        assertThat(old.restore().beforeServing(G, false)).isZero();

        assertThat(old.store().listTables(G)).containsExactly(before);
    }

    /** A node with no graph database file: only the staging side is restored here. */
    private record NoGraphDatabase(Path dir) implements GraphFiles {
        @Override
        public Optional<Map<String, Path>> copyTo(GraphId graph, Path directory) {
            return Optional.empty();
        }

        @Override
        public boolean exists(GraphId graph) {
            return false;
        }

        @Override
        public void install(GraphId graph, Path directory) {
            throw new IllegalStateException("no snapshot was published, so none can be installed");
        }

        @Override
        public boolean remove(GraphId graph) {
            return false;
        }

        @Override
        public Path workDirectory() {
            try {
                return Files.createTempDirectory(dir, "work-");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
