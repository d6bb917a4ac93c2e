package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long query stops on {@link Connection#interrupt()} or its time limit; the connection goes on. */
class QueryInterruptTest {
    /** 27 billion rows: hours, unless stopped. */
    private static final String ENDLESS = "MATCH (a:N), (b:N), (c:N) RETURN sum(a.id * b.id + c.id)";

    @TempDir
    Path tmp;

    private Database db;
    private Connection c;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() {
        db = Database.open(tmp.resolve("i.lbug"), new DatabaseConfig(256L << 20, 2, false));
        c = db.connect();
        c.execute("CREATE NODE TABLE N(id INT64, PRIMARY KEY(id))");
        c.execute("UNWIND range(1, 3000) AS i CREATE (:N {id: i})");
    }

    @AfterEach
    void close() {
        executor.shutdownNow();
        db.close();
    }

    @Test
    void interruptFromAnotherThreadStopsTheRunningQuery() throws Exception {
        Future<Long> running = executor.submit(() -> c.queryLong(ENDLESS));
        // Interrupt until the query has started and stopped (an interrupt before it starts is lost).
        Throwable failure = null;
        for (int attempt = 0; attempt < 600 && failure == null; attempt++) {
            Thread.sleep(100);
            c.interrupt();
            try {
                running.get(100, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (java.util.concurrent.TimeoutException e) {
                // still running
            }
        }
        assertThat(failure).isInstanceOf(QueryInterruptedException.class).hasMessageContaining("interrupted");
        assertThat(((QueryInterruptedException) failure).timedOut()).isFalse();
        assertThat(c.queryLong("MATCH (n:N) RETURN count(n)")).isEqualTo(3000);
    }

    @Test
    void theTimeLimitStopsQueriesAndPreparedStatements() {
        c.setQueryTimeout(Duration.ofMillis(300));
        assertThat(c.queryTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThatThrownBy(() -> c.query(ENDLESS)).isInstanceOfSatisfying(QueryInterruptedException.class,
                e -> assertThat(e.timedOut()).isTrue()).hasMessageContaining("time limit");
        try (PreparedStatement p = c.prepare(ENDLESS.replace("RETURN", "WHERE a.id > $min RETURN"))) {
            assertThatThrownBy(() -> p.execute(Map.of("min", 0L))).isInstanceOf(QueryInterruptedException.class);
        }
        // Short queries run under the limit, and without it again.
        assertThat(c.queryLong("MATCH (n:N) RETURN count(n)")).isEqualTo(3000);
        c.setQueryTimeout(Duration.ZERO);
        assertThat(c.queryLong("MATCH (a:N), (b:N) RETURN count(*)")).isEqualTo(9_000_000);
        assertThatThrownBy(() -> c.setQueryTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interruptingAnIdleOrClosedConnectionIsHarmless() {
        c.interrupt();
        assertThat(c.queryLong("RETURN 7")).isEqualTo(7);
        c.close();
        c.interrupt();
        assertThat(c.isClosed()).isTrue();
    }
}
