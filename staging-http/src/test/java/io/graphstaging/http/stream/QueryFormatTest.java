package io.graphstaging.http.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryFormatTest {

    @Test
    void acceptChoosesTheFormat() {
        assertThat(QueryFormat.choose(null, Optional.empty())).isEqualTo(QueryFormat.JSON);
        assertThat(QueryFormat.choose("application/json", Optional.empty())).isEqualTo(QueryFormat.JSON);
        assertThat(QueryFormat.choose("application/x-ndjson", Optional.empty())).isEqualTo(QueryFormat.NDJSON);
        assertThat(QueryFormat.choose("text/event-stream", Optional.empty())).isEqualTo(QueryFormat.SSE);
        assertThat(QueryFormat.choose("text/event-stream, application/x-ndjson", Optional.empty())).isEqualTo(QueryFormat.SSE);
    }

    @Test
    void streamingFalseForcesJsonAndTrueDefaultsToNdjson() {
        assertThat(QueryFormat.choose("text/event-stream", Optional.of(false))).isEqualTo(QueryFormat.JSON);
        assertThat(QueryFormat.choose("application/json", Optional.of(true))).isEqualTo(QueryFormat.NDJSON);
        assertThat(QueryFormat.choose("*/*", Optional.of(true))).isEqualTo(QueryFormat.NDJSON);
        assertThat(QueryFormat.choose("text/event-stream", Optional.of(true))).isEqualTo(QueryFormat.SSE);
    }
}
