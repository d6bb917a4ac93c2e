package io.graphstaging.http.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.graphstaging.core.model.IntervalValue;
import io.graphstaging.http.api.QueryResponse;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueryValueSerializerTest {
    private final ObjectMapper mapper = JsonMappers.wire();

    private String json(Object value) throws Exception {
        String whole = mapper.writeValueAsString(new QueryResponse(List.of("v"), List.of(Arrays.asList(value)), 1, 0.0));
        return mapper.readTree(whole).get("rows").get(0).get(0).toString();
    }

    @Test
    void decimalsAreExactStrings() throws Exception {
        assertThat(json(new BigDecimal("1234.50"))).isEqualTo("\"1234.50\"");
        assertThat(json(new BigDecimal("1E+3"))).as("never in exponent form").isEqualTo("\"1000\"");
        assertThat(json(new BigDecimal("-0.000000000000000000000000000001")))
                .isEqualTo("\"-0.000000000000000000000000000001\"");
    }

    @Test
    void nanAndInfinitiesAreNull() throws Exception {
        assertThat(json(Double.NaN)).isEqualTo("null");
        assertThat(json(Double.POSITIVE_INFINITY)).isEqualTo("null");
        assertThat(json(Float.NEGATIVE_INFINITY)).isEqualTo("null");
        assertThat(json(1.5)).isEqualTo("1.5");
        assertThat(json(0.1f)).as("a FLOAT as its shortest text").isEqualTo("0.1");
    }

    @Test
    void integersBeyondTwoToThe53AreStrings() throws Exception {
        assertThat(json(9_007_199_254_740_992L)).isEqualTo("9007199254740992");
        assertThat(json(9_007_199_254_740_993L)).isEqualTo("\"9007199254740993\"");
        assertThat(json(-9_007_199_254_740_993L)).isEqualTo("\"-9007199254740993\"");
        assertThat(json(Long.MIN_VALUE)).isEqualTo("\"-9223372036854775808\"");
        assertThat(json(42)).isEqualTo("42");
        assertThat(json(new BigInteger("170141183460469231731687303715884105727")))
                .isEqualTo("\"170141183460469231731687303715884105727\"");
        assertThat(json(BigInteger.valueOf(-7))).isEqualTo("-7");
    }

    @Test
    void datesTimesAndIntervalsAreIso8601() throws Exception {
        assertThat(json(LocalDate.of(2024, 1, 2))).isEqualTo("\"2024-01-02\"");
        assertThat(json(LocalDateTime.of(2024, 1, 2, 0, 0))).as("seconds always shown").isEqualTo("\"2024-01-02T00:00:00\"");
        assertThat(json(LocalTime.of(1, 2, 3, 4_000))).isEqualTo("\"01:02:03.000004\"");
        assertThat(json(OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2))))
                .isEqualTo("\"2024-01-02T03:04:05+02:00\"");
        assertThat(json(Instant.parse("2024-01-02T03:04:05.123456Z"))).isEqualTo("\"2024-01-02T03:04:05.123456Z\"");
        assertThat(json(new IntervalValue(0, 1, 0))).isEqualTo("\"P1D\"");
        assertThat(json(new IntervalValue(14, 3, 14_706_000_007L))).isEqualTo("\"P1Y2M3DT4H5M6.000007S\"");
        assertThat(json(new IntervalValue(0, 0, -1_500_000))).isEqualTo("\"PT-1.5S\"");
        assertThat(json(new IntervalValue(0, 0, 0))).isEqualTo("\"PT0S\"");
    }

    @Test
    void blobsAreBase64AndNestedValuesFollowTheSameRules() throws Exception {
        assertThat(json(new byte[] {(byte) 0xAA, (byte) 0xBB, 0})).isEqualTo("\"qrsA\"");
        assertThat(json(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")))
                .isEqualTo("\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"");
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("d", new BigDecimal("1.10"));
        struct.put("n", null);
        assertThat(json(List.of(struct, Double.NaN, 9_007_199_254_740_993L)))
                .isEqualTo("[{\"d\":\"1.10\",\"n\":null},null,\"9007199254740993\"]");
    }
}
