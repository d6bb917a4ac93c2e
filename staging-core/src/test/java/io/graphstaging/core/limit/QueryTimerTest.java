package io.graphstaging.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Cancellation;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueryTimerTest {

    @Test
    void aQueryPastItsLimitIsCancelledWithQueryTimeoutNamingTheSetting() throws Exception {
        try (QueryTimer timer = new QueryTimer(Duration.ofMillis(100))) {
            Cancellation cancellation = new Cancellation();
            CountDownLatch stopped = new CountDownLatch(1);
            cancellation.onCancel(stopped::countDown);

            timer.start(cancellation, "The query on graph g1");

            assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(cancellation::throwIfCancelled).isInstanceOfSatisfying(StagingException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
                assertThat(e.getMessage()).contains("The query on graph g1", "STAGING_QUERY_TIMEOUT_SECONDS");
            });
        }
    }

    @Test
    void aQueryThatEndsInTimeIsNeverCancelled() throws Exception {
        try (QueryTimer timer = new QueryTimer(Duration.ofMillis(100))) {
            Cancellation cancellation = new Cancellation();
            timer.start(cancellation, "The query on graph g1").close();

            Thread.sleep(300);

            assertThat(cancellation.isCancelled()).isFalse();
        }
    }

    @Test
    void aClosedTimerRefusesNewQueriesAsShuttingDown() {
        QueryTimer timer = new QueryTimer(Duration.ofSeconds(1));
        timer.close();

        assertThatThrownBy(() -> timer.start(new Cancellation(), "The query on graph g1"))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SHUTTING_DOWN));
    }
}
