package io.graphstaging.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.FileId;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphRemoval;
import io.graphstaging.core.model.ObjectPattern;
import io.graphstaging.core.model.ObjectUri;
import io.graphstaging.core.model.SpoolDirectory;
import io.graphstaging.core.model.StagedTable;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.model.TableSummary;
import io.graphstaging.core.testing.InMemoryFileRegistry;
import io.graphstaging.core.testing.InMemoryObjectStore;
import io.graphstaging.core.testing.InMemoryStagingStore;
import io.graphstaging.core.testing.QueryAnswers;
import io.graphstaging.core.testing.RowsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staging use cases over the in-memory ports. */
class StagingUseCasesTest {
    private static final List<Column> NODE = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));

    @TempDir
    Path dir;
    private InMemoryObjectStore objects;
    private InMemoryStagingStore store;
    private TableLocks locks;
    private CreateTable create;
    private AppendFiles append;
    private final GraphId graph = GraphId.of("g1");
    private final TableName table = TableName.of("entities");

    @BeforeEach
    void wire() {
        objects = new InMemoryObjectStore(dir.resolve("spool"));
        store = new InMemoryStagingStore(dir.resolve("exports"));
        locks = new TableLocks(Duration.ofMillis(200));
        create = new CreateTable(objects, store, locks);
        append = new AppendFiles(objects, store, locks);
    }

    private CleanupGraph cleanup() {
        return new CleanupGraph(store, new InMemoryFileRegistry(), new SpoolDirectory(dir.resolve("spool-root")), locks);
    }

    private ObjectUri put(String key, List<List<Object>> rows) {
        ObjectUri uri = new ObjectUri("bucket", key);
        objects.put(uri, RowsFile.encode(NODE, rows));
        return uri;
    }

    private static StageFilesCommand command(GraphId g, TableName t, ObjectPattern p, Map<ObjectUri, FileId> ids) {
        return new StageFilesCommand(g, t, p, ids);
    }

    @Test
    void createStagesTheObjectsAGlobNamesInKeyOrder() {
        put("e/b.rows", List.of(List.of(1L, "from b")));
        put("e/a.rows", List.of(List.of(1L, "from a"), List.of(2L, "only a")));

        StagedTable staged = create.execute(command(graph, table, ObjectPattern.parse("s3://bucket/e/*.rows"), Map.of()));

        assertThat(staged.summary().rowCount()).isEqualTo(2);
        assertThat(staged.summary().kind()).isEqualTo(TableKind.NODE);
        assertThat(staged.summary().location()).contains("s3://bucket/e/*.rows");
        // Sorted by key, so b.rows is later and wins identifier 1.
        assertThat(QueryAnswers.all(store, graph, "SELECT * FROM entities").rows()).contains(List.of(1L, "from b"));
    }

    @Test
    void fileIdMapTagsRowsAndOnlyGoesWithAList() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a")));
        ObjectUri b = put("e/b.rows", List.of(List.of(1L, "b")));
        ObjectPattern list = ObjectPattern.ofUris(List.of(a.toString(), b.toString()));

        create.execute(command(graph, table, list, Map.of(a, FileId.of("fa"), b, FileId.of("fb"))));
        long removed = new DeleteFileRows(store, locks).execute(graph, table, FileId.of("fb"));

        assertThat(removed).isEqualTo(1);
        assertThat(QueryAnswers.all(store, graph, "SELECT * FROM entities").rows())
                .containsExactly(List.of(1L, "a", "fa"));
        Throwable withGlob = catchThrowable(() -> create.execute(command(graph, table,
                ObjectPattern.parse("s3://bucket/e/*.rows"), Map.of(a, FileId.of("fa")))));
        assertThat(((StagingException) withGlob).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        ObjectUri stranger = new ObjectUri("bucket", "e/other.rows");
        Throwable notInList = catchThrowable(() -> create.execute(command(graph, table, list, Map.of(stranger, FileId.of("x")))));
        assertThat(((StagingException) notInList).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void aMissingObjectIsNotFoundAndStagesNothing() {
        ObjectUri a = put("e/a.rows", List.of(List.of(1L, "a")));
        ObjectPattern list = ObjectPattern.ofUris(List.of(a.toString(), "s3://bucket/e/missing.rows"));

        Throwable thrown = catchThrowable(() -> create.execute(command(graph, table, list, Map.of())));

        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.OBJECT_NOT_FOUND);
        assertThat(new ListTables(store).execute(graph)).isEmpty();
        assertThat(objects.fetchCount()).isZero();
    }

    @Test
    void appendToAMissingTableFailsBeforeFetchingAnything() {
        put("e/a.rows", List.of(List.of(1L, "a")));

        Throwable thrown = catchThrowable(() -> append.execute(command(graph, table,
                ObjectPattern.parse("s3://bucket/e/*.rows"), Map.of())));

        assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
        assertThat(objects.fetchCount()).isZero();
    }

    @Test
    void aQuarantinePageOutsideItsBoundsIsRefusedBeforeTheStoreIsAsked() {
        ListQuarantine quarantine = new ListQuarantine(store);
        for (long[] page : new long[][] {{0, 0}, {ListQuarantine.MAX_LIMIT + 1, 0}, {10, -1}}) {
            Throwable thrown = catchThrowable(() -> quarantine.execute(graph, table, page[0], page[1]));
            assertThat(thrown).hasMessage("limit must be 1 to 10000 and offset at least 0; got limit " + page[0]
                    + ", offset " + page[1]);
            assertThat(((StagingException) thrown).code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
        }
        // Within the bounds the store answers: here, that the table does not exist.
        Throwable missing = catchThrowable(() -> quarantine.execute(graph, table, ListQuarantine.MAX_LIMIT, 0));
        assertThat(((StagingException) missing).code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    }

    @Test
    void appendListAndDeleteThroughTheUseCases() {
        put("e/a.rows", List.of(List.of(1L, "a")));
        put("more/b.rows", List.of(List.of(2L, "b")));
        create.execute(command(graph, table, ObjectPattern.parse("s3://bucket/e/*"), Map.of()));

        StagedTable appended = append.execute(command(graph, table, ObjectPattern.parse("s3://bucket/more/*"), Map.of()));

        assertThat(appended.summary().rowCount()).isEqualTo(2);
        assertThat(appended.summary().fileCount()).isEqualTo(2);
        assertThat(new ListTables(store).execute(graph)).extracting(TableSummary::rowCount).containsExactly(2L);
        DeleteTable delete = new DeleteTable(store, locks);
        assertThat(delete.execute(graph, table)).isTrue();
        assertThat(delete.execute(graph, table)).isFalse();
        assertThat(new ListTables(store).execute(graph)).isEmpty();
    }

    @Test
    void cleanupRemovesTheGraph() throws Exception {
        put("e/a.rows", List.of(List.of(1L, "a")));
        create.execute(command(graph, table, ObjectPattern.parse("s3://bucket/e/*"), Map.of()));
        Files.createDirectories(dir.resolve("spool-root").resolve(graph.value()).resolve("sub"));
        CleanupGraph cleanup = cleanup();

        GraphRemoval removal = cleanup.execute(graph);
        assertThat(removal.stagingDatabase()).isTrue();
        assertThat(removal.spool()).isTrue();
        assertThat(dir.resolve("spool-root").resolve(graph.value())).doesNotExist();
        assertThat(cleanup.execute(graph).removedAnything()).isFalse();
        assertThat(new ListTables(store).execute(graph)).isEmpty();
    }

    @Test
    void aSecondOperationOnTheSameTableIsBusyWhileOtherTablesProceed() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> locks.onTable(graph, table, () -> {
            inside.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        holder.start();
        try {
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            Throwable busy = catchThrowable(() -> new DeleteTable(store, locks).execute(graph, table));
            assertThat(((StagingException) busy).code()).isEqualTo(ErrorCode.TABLE_BUSY);
            assertThat(new DeleteTable(store, locks).execute(graph, TableName.of("other"))).isFalse();
            Throwable graphBusy = catchThrowable(() -> cleanup().execute(graph));
            assertThat(((StagingException) graphBusy).code()).isEqualTo(ErrorCode.TABLE_BUSY);
        } finally {
            release.countDown();
            holder.join();
        }
        assertThat(new DeleteTable(store, locks).execute(graph, table)).isFalse();
    }
}
