package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableSchema;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.core.snapshot.GraphFiles;
import io.graphstaging.core.snapshot.GraphSnapshots;
import io.graphstaging.core.snapshot.SnapshotConfig;
import io.graphstaging.core.testing.InMemoryGraphSnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: graph DDL and graph table drops reach the object store at once (a snapshot while the
 * graph is held), not with the next materialize; a change that failed or changed nothing does not.
 */
class ChangeGraphSchemaTest {
    private static final GraphId G = GraphId.of("g1");
    private static final SnapshotConfig ON = new SnapshotConfig(true, Optional.of(ObjectUri.parse("s3://bucket/snaps")));

    @TempDir
    Path dir;
    private final InMemoryGraphSnapshotStore store = new InMemoryGraphSnapshotStore();
    private final TableLocks locks = new TableLocks(Duration.ofMillis(500));

    @Test
    void ddlAndDropsThatChangedTheGraphAreSnapshottedWithTheGraphAsTheyLeftIt() throws Exception {
        Tables tables = new Tables(dir);
        ChangeGraphSchema changes = new ChangeGraphSchema(tables, locks, new GraphSnapshots(ON, store, tables));

        assertThat(changes.apply(G, "CREATE NODE TABLE Place(id INT64 PRIMARY KEY)").get()).containsExactly("Place");
        assertThat(snapshotted()).isEqualTo("Place");

        changes.apply(G, "CREATE NODE TABLE Person(id INT64 PRIMARY KEY)").get();
        assertThat(changes.dropTable(G, TableName.of("Place"), false).get()).containsExactly("Place");
        assertThat(snapshotted()).isEqualTo("Person");
    }

    @Test
    void aChangeThatFailedOrChangedNothingIsNotSnapshotted() throws Exception {
        Tables tables = new Tables(dir);
        ChangeGraphSchema changes = new ChangeGraphSchema(tables, locks, new GraphSnapshots(ON, store, tables));

        assertThat(changes.apply(G, "").get()).isEmpty();
        Throwable refused = catchThrowable(() -> changes.dropTable(G, TableName.of("Missing"), false).join());

        assertThat(((StagingException) refused.getCause()).code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
        assertThat(store.latest(G)).isEmpty();
    }

    @Test
    void offSnapshotsNothing() throws Exception {
        Tables tables = new Tables(dir);
        new ChangeGraphSchema(tables, locks).apply(G, "CREATE NODE TABLE Place(id INT64 PRIMARY KEY)").get();

        assertThat(store.latest(G)).isEmpty();
    }

    /** What the latest snapshot holds: the graph's table names, one per line. */
    private String snapshotted() throws IOException {
        Path into = Files.createTempDirectory(dir, "download-");
        store.download(store.latest(G).orElseThrow(), into);
        return Files.readString(into.resolve("g1.lbug")).strip();
    }

    /** A graph database that is a file listing its table names: the schema and its files in one. */
    private static final class Tables implements GraphSchema, GraphFiles {
        private final Path dir;
        private final List<String> names = new ArrayList<>();

        Tables(Path dir) {
            this.dir = dir;
        }

        @Override
        public synchronized List<String> apply(GraphId graph, String ddl) {
            List<String> created = ddl.isBlank() ? List.of() : List.of(ddl.split("[ (]")[3]);
            names.addAll(created);
            return created;
        }

        @Override
        public List<GraphTableSchema> describe(GraphId graph) {
            return List.of();
        }

        @Override
        public synchronized List<String> dropTable(GraphId graph, TableName table, boolean cascade) {
            if (!names.remove(table.value())) {
                throw new StagingException(ErrorCode.TABLE_NOT_FOUND, "No graph table " + table);
            }
            return List.of(table.value());
        }

        @Override
        public boolean dropGraph(GraphId graph) {
            names.clear();
            return true;
        }

        @Override
        public synchronized Optional<Map<String, Path>> copyTo(GraphId graph, Path directory) {
            try {
                return Optional.of(Map.of(graph + ".lbug",
                        Files.writeString(directory.resolve(graph + ".lbug"), String.join("\n", names))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean exists(GraphId graph) {
            return true;
        }

        @Override
        public void install(GraphId graph, Path directory) {
            throw new IllegalStateException("nothing is restored here");
        }

        @Override
        public boolean remove(GraphId graph) {
            throw new IllegalStateException("nothing is removed here");
        }

        @Override
        public Path workDirectory() {
            try {
                return Files.createTempDirectory(dir, "work-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
