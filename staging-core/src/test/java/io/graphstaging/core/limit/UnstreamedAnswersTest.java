package io.graphstaging.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.config.ByteSize;
import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.QueryChunk;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnstreamedAnswersTest {
    private static final List<Column> COLUMNS = List.of(new Column("pad", "VARCHAR"));

    private static QueryLimits limits(int rows, long bytes, long inFlight) {
        return new QueryLimits(Duration.ofMinutes(1), rows, ByteSize.ofBytes(bytes), ByteSize.ofBytes(inFlight), 2);
    }

    private static QueryChunk chunk(int rows, int padLength) {
        List<List<Object>> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(List.of("x".repeat(padLength)));
        }
        return new QueryChunk(COLUMNS, list, 0, false);
    }

    private static void assertTooLarge(Runnable call, String... mentions) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StagingException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RESULT_TOO_LARGE);
            assertThat(e.getMessage()).contains(mentions).contains("stream");
        });
    }

    @Test
    void anAnswerWithinItsLimitsIsCollectedWhole() {
        UnstreamedAnswers answers = new UnstreamedAnswers(limits(10, 1000, 1000));
        try (UnstreamedAnswers.Answer answer = answers.start("The answer of the query on graph g1")) {
            answer.add(chunk(3, 8));
            answer.add(chunk(2, 8));
            assertThat(answer.result().rows()).hasSize(5);
            assertThat(answer.result().columns()).isEqualTo(COLUMNS);
            // ["xxxxxxxx"] is 12 characters, and a separator.
            assertThat(answer.bytes()).isEqualTo(5 * 13);
            assertThat(answers.bytesInFlight()).isEqualTo(5 * 13);
        }
        assertThat(answers.bytesInFlight()).isZero();
    }

    @Test
    void oneRowPastTheRowLimitIsRefused() {
        UnstreamedAnswers answers = new UnstreamedAnswers(limits(4, 1_000_000, 1_000_000));
        try (UnstreamedAnswers.Answer answer = answers.start("The answer of the query on graph g1")) {
            answer.add(chunk(4, 1));
            assertTooLarge(() -> answer.add(chunk(1, 1)), "graph g1", "4 rows");
            assertThat(answer.result().rows()).hasSize(4);
        }
    }

    @Test
    void anAnswerPastItsByteLimitIsRefusedNamingTheSetting() {
        UnstreamedAnswers answers = new UnstreamedAnswers(limits(100_000, 12_000, 1_000_000));
        try (UnstreamedAnswers.Answer answer = answers.start("The answer of the query on graph g1")) {
            assertTooLarge(() -> answer.add(chunk(2, 12_000)), "STAGING_MAX_RESULT_BYTES");
            assertThat(answer.result().rows()).isEmpty();
        }
        assertThat(answers.bytesInFlight()).isZero();
    }

    @Test
    void answersTogetherPastTheInFlightLimitAreRefusedUntilOneIsDone() {
        UnstreamedAnswers answers = new UnstreamedAnswers(limits(100_000, 30_000, 40_000));
        UnstreamedAnswers.Answer first = answers.start("The answer of the query on graph g1");
        first.add(chunk(2, 12_000));
        try (UnstreamedAnswers.Answer second = answers.start("The answer of the query on graph g2")) {
            assertTooLarge(() -> second.add(chunk(2, 12_000)), "graph g2", "STAGING_MAX_RESULT_BYTES_IN_FLIGHT");
            first.close();
            second.add(chunk(2, 12_000));
            assertThat(answers.bytesInFlight()).isEqualTo(second.bytes());
        }
        assertThat(answers.bytesInFlight()).isZero();
    }

    @Test
    void valuesAreSizedAsTheirJsonText() {
        assertThat(UnstreamedAnswers.jsonLength(null)).isEqualTo("null".length());
        assertThat(UnstreamedAnswers.jsonLength(-120L)).isEqualTo("-120".length());
        assertThat(UnstreamedAnswers.jsonLength(0)).isEqualTo(1);
        assertThat(UnstreamedAnswers.jsonLength(Long.MIN_VALUE)).isEqualTo(String.valueOf(Long.MIN_VALUE).length());
        assertThat(UnstreamedAnswers.jsonLength(true)).isEqualTo(5);
        assertThat(UnstreamedAnswers.jsonLength("abc")).isEqualTo("\"abc\"".length());
        assertThat(UnstreamedAnswers.jsonLength(new byte[6])).isEqualTo("\"AAAAAAAA\"".length());
        assertThat(UnstreamedAnswers.jsonLength(new BigDecimal("12.50"))).isEqualTo("\"12.50\"".length());
        assertThat(UnstreamedAnswers.jsonLength(LocalDate.of(2024, 1, 2))).isEqualTo("\"2024-01-02\"".length());
        assertThat(UnstreamedAnswers.jsonLength(Arrays.asList(1L, null))).isEqualTo("[1,null]".length());
        assertThat(UnstreamedAnswers.jsonLength(Map.of("a", 1L))).isEqualTo("{\"a\":1}".length());
    }
}
