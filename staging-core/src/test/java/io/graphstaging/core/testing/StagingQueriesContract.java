package io.graphstaging.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.StagingQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StagingQueries} promises, run against each implementation. The queries used
 * are the ones every implementation understands: {@code SELECT * FROM <table>}, optionally with
 * {@code WHERE <column> = ?}.
 */
public abstract class StagingQueriesContract {
    private static final List<Column> COLUMNS = List.of(new Column("identifier", "BIGINT"), new Column("name", "VARCHAR"));

    /** The queries under test. */
    protected abstract StagingQueries queries();

    /** Stages tables the queries can read. */
    protected abstract TableStager stager();

    private GraphId graph;
    private final TableName table = TableName.of("entities");

    @BeforeEach
    void stageTwentyFiveRows() {
        graph = GraphId.of("q-" + UUID.randomUUID().toString().substring(0, 8));
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 25; i++) {
            rows.add(List.of(i, "name " + i));
        }
        stager().stage(graph, table, COLUMNS, rows);
    }

    private static SqlQuery sql(String text, Object... parameters) {
        return new SqlQuery(text, List.of(parameters));
    }

    private List<QueryChunk> collect(SqlQuery query, int chunkSize) {
        List<QueryChunk> chunks = new ArrayList<>();
        queries().stream(graph, query, chunkSize, new Cancellation(), chunks::add);
        return chunks;
    }

    private static StagingException failure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(StagingException.class);
        return (StagingException) thrown;
    }

    @Test
    void rowsComeInNumberedChunksOfAtMostTheChunkSizeAndTheLastIsFlagged() {
        List<QueryChunk> chunks = collect(sql("SELECT * FROM entities"), 10);

        assertThat(chunks).extracting(c -> c.rows().size()).containsExactly(10, 10, 5);
        assertThat(chunks).extracting(QueryChunk::index).containsExactly(0, 1, 2);
        assertThat(chunks).extracting(QueryChunk::last).containsExactly(false, false, true);
        assertThat(chunks.get(0).columns()).extracting(Column::name).containsExactly("identifier", "name");
        assertThat(chunks.stream().flatMap(c -> c.rows().stream()).map(r -> r.get(0)).distinct().count()).isEqualTo(25);
    }

    @Test
    void anExactMultipleOfTheChunkSizeEndsWithAFullLastChunk() {
        List<QueryChunk> chunks = collect(sql("SELECT * FROM entities"), 5);

        assertThat(chunks).hasSize(5);
        assertThat(chunks.get(4).rows()).hasSize(5);
        assertThat(chunks.get(4).last()).isTrue();
    }

    @Test
    void parametersAreBoundAsValuesNeverSplicedIntoTheText() {
        List<QueryChunk> match = collect(sql("SELECT * FROM entities WHERE name = ?", "name 7"), 10);
        assertThat(match).singleElement().satisfies(c -> assertThat(c.rows()).containsExactly(List.of(7L, "name 7")));

        List<QueryChunk> injected = collect(sql("SELECT * FROM entities WHERE name = ?", "x' OR '1'='1"), 10);
        assertThat(injected).singleElement().satisfies(c -> {
            assertThat(c.rows()).isEmpty();
            assertThat(c.last()).isTrue();
            assertThat(c.columns()).hasSize(2);
        });
    }

    @Test
    void aMissingOrExtraParameterIsRefusedNotBoundAsNull() {
        assertThat(failure(() -> collect(sql("SELECT * FROM entities WHERE name = ?"), 10)).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER);
        assertThat(failure(() -> collect(sql("SELECT * FROM entities", "extra"), 10)).code())
                .isEqualTo(ErrorCode.INVALID_PARAMETER);
    }

    @Test
    void writesAreForbiddenAndChangeNothing() {
        for (String text : List.of("DELETE FROM entities", "DROP VIEW entities", "INSERT INTO entities VALUES (99, 'x')")) {
            assertThat(failure(() -> collect(sql(text), 10)).code()).as(text).isEqualTo(ErrorCode.QUERY_FORBIDDEN);
        }
        assertThat(collect(sql("SELECT * FROM entities"), 100).get(0).rows()).hasSize(25);
    }

    @Test
    void aGraphWithoutDatabaseIsNotFound() {
        GraphId missing = GraphId.of("never-" + UUID.randomUUID().toString().substring(0, 8));
        StagingException e = failure(() -> queries().stream(missing, sql("SELECT * FROM entities"), 10, new Cancellation(),
                chunk -> { }));
        assertThat(e.code()).isEqualTo(ErrorCode.GRAPH_NOT_FOUND);
        assertThat(e.getMessage()).contains(missing.value());
    }

    @Test
    void aChunkSizeBelowOneIsRefused() {
        assertThat(failure(() -> collect(sql("SELECT * FROM entities"), 0)).code()).isEqualTo(ErrorCode.INVALID_PARAMETER);
    }

    @Test
    void whatTheConsumerThrowsStopsTheQueryUnchangedAndTheGraphAnswersAgain() {
        IllegalStateException clientGone = new IllegalStateException("client went away");
        List<Integer> seen = new ArrayList<>();

        Throwable thrown = catchThrowable(() -> queries().stream(graph, sql("SELECT * FROM entities"), 10, new Cancellation(),
                chunk -> {
                    seen.add(chunk.index());
                    throw clientGone;
                }));

        assertThat(thrown).isSameAs(clientGone);
        assertThat(seen).containsExactly(0);
        assertThat(collect(sql("SELECT * FROM entities"), 100).get(0).rows()).hasSize(25);
    }

    @Test
    void anAlreadyCancelledQueryDoesNotRunAndCarriesTheCancellationsCode() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel(ErrorCode.CANCELLED, "The client went away");
        List<QueryChunk> chunks = new ArrayList<>();

        StagingException e = failure(() -> queries().stream(graph, sql("SELECT * FROM entities"), 10, cancellation, chunks::add));

        assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
        assertThat(e.getMessage()).isEqualTo("The client went away");
        assertThat(chunks).isEmpty();
    }

    @Test
    void cancellingWhileRowsFlowStopsBeforeTheNextChunk() {
        Cancellation cancellation = new Cancellation();
        List<QueryChunk> chunks = new ArrayList<>();

        StagingException e = failure(() -> queries().stream(graph, sql("SELECT * FROM entities"), 10, cancellation, chunk -> {
            chunks.add(chunk);
            cancellation.cancel(ErrorCode.QUERY_TIMEOUT, "The query ran too long");
        }));

        assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
        assertThat(chunks).hasSize(1);
        assertThat(collect(sql("SELECT * FROM entities"), 100).get(0).rows()).hasSize(25);
    }
}
