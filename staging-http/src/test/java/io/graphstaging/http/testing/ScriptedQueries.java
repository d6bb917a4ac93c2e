package io.graphstaging.http.testing;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryChunk;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.port.StagingQueries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A {@link StagingQueries} for the edge's own tests, answering by the SQL text: {@code endless}
 * streams chunks until the consumer throws (and records what it threw), {@code fail_after_first}
 * fails after one chunk, {@code forbidden} is refused up front, {@code slow} waits for
 * {@link #release} or its cancellation (then counts down {@link #cancelled}) and answers two rows,
 * {@code fail} throws {@link #failure}, {@code out_of_memory} throws an OutOfMemoryError; anything
 * else is 25 rows. The real store is tested in staging-duckdb and end to end in staging-tests.
 */
public final class ScriptedQueries implements StagingQueries {
    private static final List<Column> COLUMNS = List.of(new Column("id", "BIGINT"), new Column("name", "VARCHAR"));

    public final CountDownLatch consumerThrew = new CountDownLatch(1);
    public final AtomicReference<RuntimeException> thrown = new AtomicReference<>();
    public final CountDownLatch slowStarted = new CountDownLatch(1);
    public final CountDownLatch release = new CountDownLatch(1);
    public final CountDownLatch cancelled = new CountDownLatch(1);
    /** What the query {@code fail} throws up front. */
    public final AtomicReference<StagingException> failure = new AtomicReference<>();

    @Override
    public void stream(GraphId graph, SqlQuery query, int chunkSize, Cancellation cancellation,
                       Consumer<QueryChunk> consumer) {
        refuseUpFront(query);
        switch (query.sql()) {
            case "slow" -> {
                awaitRelease(cancellation);
                consumer.accept(new QueryChunk(COLUMNS, rows(1, 2), 0, true));
            }
            case "endless" -> {
                for (int index = 0; ; index++) {
                    try {
                        consumer.accept(new QueryChunk(COLUMNS, rows(index * (long) chunkSize, chunkSize), index, false));
                    } catch (RuntimeException e) {
                        thrown.set(e);
                        consumerThrew.countDown();
                        throw e;
                    }
                }
            }
            case "fail_after_first" -> {
                consumer.accept(new QueryChunk(COLUMNS, rows(0, chunkSize), 0, false));
                throw new StagingException(ErrorCode.STAGING_FAILED, "The staging engine failed while reading");
            }
            default -> {
                int total = 25;
                int index = 0;
                for (long start = 0; start < total; start += chunkSize, index++) {
                    int n = (int) Math.min(chunkSize, total - start);
                    consumer.accept(new QueryChunk(COLUMNS, rows(start, n), index, start + n >= total));
                }
            }
        }
    }

    private void refuseUpFront(SqlQuery query) {
        if (query.sql().equals("forbidden")) {
            throw new StagingException(ErrorCode.QUERY_FORBIDDEN, "Only read-only statements may run");
        }
        if (query.sql().equals("fail")) {
            throw failure.get();
        }
        if (query.sql().equals("out_of_memory")) {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** Waits for {@link #release} or a cancel, as an engine would: a cancel ends the wait with its reason. */
    private void awaitRelease(Cancellation cancellation) {
        slowStarted.countDown();
        try (Cancellation.Registration stop = cancellation.onCancel(release::countDown)) {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StagingException(ErrorCode.SHUTTING_DOWN, "interrupted");
        }
        if (cancellation.isCancelled()) {
            cancelled.countDown();
        }
        cancellation.throwIfCancelled();
    }

    private static List<List<Object>> rows(long start, int n) {
        List<List<Object>> rows = new ArrayList<>(n);
        for (long i = start; i < start + n; i++) {
            rows.add(List.of(i, "row " + i));
        }
        return rows;
    }
}
