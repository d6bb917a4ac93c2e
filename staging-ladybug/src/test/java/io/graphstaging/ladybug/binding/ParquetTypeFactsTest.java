package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the engine's Parquet reader does with each column type DuckDB writes, by {@code COPY FROM}
 * into a column of the matching engine type (LOAD FROM uses the same reader): the facts behind the
 * type table of the module README, kept here so that an engine upgrade that changes one fails.
 */
class ParquetTypeFactsTest {
    @RegisterExtension
    final ScratchGraph graph = new ScratchGraph(new DatabaseConfig(256L << 20, 1, false));
    @RegisterExtension
    final DuckDbParquet duck = new DuckDbParquet(graph::dir);
    private int files;

    @Test
    void typesThatCopyExactly() {
        assertCopies("true", "BOOL", true);
        assertCopies("(-8)::TINYINT", "INT8", -8L);
        assertCopies("(-16)::SMALLINT", "INT16", -16L);
        assertCopies("(-32)::INTEGER", "INT32", -32L);
        assertCopies("255::UTINYINT", "UINT8", 255L);
        assertCopies("65535::USMALLINT", "UINT16", 65535L);
        assertCopies("4294967295::UINTEGER", "UINT32", 4294967295L);
        assertCopies("18446744073709551615::UBIGINT", "UINT64", new BigInteger("18446744073709551615"));
        assertCopies("0.1::FLOAT", "FLOAT", (double) 0.1f);
        assertCopies("'Zoë 😀'", "STRING", "Zoë 😀");
        assertCopies("'b'::ENUM('a', 'b')", "STRING", "b");
        assertCopies("'2024-05-06'::DATE", "DATE", LocalDate.of(2024, 5, 6));
        assertCopies("'2024-05-06 07:08:09.123456'::TIMESTAMP", "TIMESTAMP", Instant.parse("2024-05-06T07:08:09.123456Z"));
        assertCopies("'2024-05-06 07:08:09.123'::TIMESTAMP_MS", "TIMESTAMP_MS", Instant.parse("2024-05-06T07:08:09.123Z"));
        assertCopies("'2024-05-06 07:08:09'::TIMESTAMP_S", "TIMESTAMP_SEC", Instant.parse("2024-05-06T07:08:09Z"));
        assertCopies("'2024-05-06 07:08:09.123456+02'::TIMESTAMPTZ", "TIMESTAMP_TZ",
                Instant.parse("2024-05-06T05:08:09.123456Z"));
        assertCopies("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID", "UUID", UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        assertCopies("[1, NULL, 3]", "INT64[]", Arrays.asList(1L, null, 3L));
        assertCopies("[1, 2, 3]::INTEGER[3]", "INT32[3]", List.of(1L, 2L, 3L));
        assertCopies("{'a': 1, 'b': 'x'}", "STRUCT(a INT32, b STRING)", Map.of("a", 1L, "b", "x"));
    }

    @Test
    void typesTheReaderRefusesEvenWhenNotSelected() {
        for (String type : List.of("'-99.99'::DECIMAL(4, 2)", "'-1.5'::DECIMAL(18, 4)", "'1.5'::DECIMAL(38, 10)",
                "'07:08:09'::TIME", "MAP {'k': 1.5}", "[{'k': 'a', 'v': 1.5}]")) {
            Path file = parquet(type);
            assertThatThrownBy(() -> graph.query("LOAD FROM " + DuckDbParquet.literal(file) + " RETURN id")).as(type)
                    .isInstanceOf(LadybugException.class).hasMessageContaining("Unsupported converted type");
        }
    }

    @Test
    void typesThatChangeOnTheWay() {
        // DuckDB writes HUGEINT and UHUGEINT as DOUBLE; the copy then rounds, or gives 0 out of range.
        assertCopies("12345678901234567890::HUGEINT", "INT128", new BigInteger("12345678901234567168"));
        assertCopies("170141183460469231731687303715884105727::HUGEINT", "INT128", BigInteger.ZERO);
        // DuckDB writes INTERVAL with millisecond precision.
        assertCopies("INTERVAL '1 year 2 months 3 days 04:05:06.123456'", "INTERVAL", new Interval(14, 3, 14_706_123_000L));
        // TIMESTAMP_NS arrives as its INT64 count of nanoseconds, which no engine timestamp takes.
        Path ns = parquet("'2024-05-06 07:08:09.123456789'::TIMESTAMP_NS");
        graph.execute("CREATE NODE TABLE NS(id INT64, v TIMESTAMP_NS, PRIMARY KEY(id))");
        assertThatThrownBy(() -> graph.execute("COPY NS FROM " + DuckDbParquet.literal(ns))).isInstanceOf(LadybugException.class)
                .hasMessageContaining("Unsupported casting function from INT64 to TIMESTAMP_NS");
    }

    @Test
    void exactRoutesThroughText() {
        assertCopies("'-99.99'::DECIMAL(4, 2)::VARCHAR", "DECIMAL(4, 2)", new BigDecimal("-99.99"));
        assertCopies("'-123456789012345678901234.5678'::DECIMAL(38, 4)::VARCHAR", "DECIMAL(38, 4)",
                new BigDecimal("-123456789012345678901234.5678"));
        assertCopies("'170141183460469231731687303715884105727'::HUGEINT::VARCHAR", "INT128",
                BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE));
        assertCopies("(INTERVAL '1 year 2 months 3 days 04:05:06.123456')::VARCHAR", "INTERVAL", new Interval(14, 3, 14_706_123_456L));
        assertCopies("'-170141183460469231731687303715884105728'::HUGEINT::VARCHAR", "INT128", BigInteger.ONE.shiftLeft(127).negate());
        assertCopies("'340282366920938463463374607431768211455'::UHUGEINT::VARCHAR", "UINT128",
                BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE));
        assertCopies("'-99999999999999999999999999999999999999'::DECIMAL(38, 0)::VARCHAR", "DECIMAL(38, 0)",
                new BigDecimal("-99999999999999999999999999999999999999"));
        assertCopies("'0.00000000000000000000000000000000000001'::DECIMAL(38, 38)::VARCHAR", "DECIMAL(38, 38)",
                new BigDecimal("0.00000000000000000000000000000000000001"));
        assertCopies("'0.00'::DECIMAL(4, 2)::VARCHAR", "DECIMAL(4, 2)", new BigDecimal("0.00"));
        // An interval as its three fields: exact up to each field's maximum.
        assertCopies("'2147483647 months 2147483647 days 9223372036854775807 microseconds'", "INTERVAL",
                new Interval(Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE));
        // A MAP's text form: exact only while keys and values hold none of "{", "}", "=", ",".
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", 1.5);
        map.put("j", null);
        assertCopies("MAP {'k': 1.5, 'j': NULL}::VARCHAR", "MAP(STRING, DOUBLE)", map);
        // The engine keeps microseconds: nanoseconds are cut from text.
        assertCopies("'2024-05-06 07:08:09.123456789'::TIMESTAMP_NS::VARCHAR", "TIMESTAMP_NS",
                Instant.parse("2024-05-06T07:08:09.123456Z"));
    }

    /**
     * INT64's minimum next to other values in a chunk: the engine alone cut it to 0 (its bit packing);
     * the glue stores such chunks uncompressed (IntegerMinimumCopyTest maps every type).
     */
    @Test
    void int64MinimumNextToOtherValuesIsExact() {
        Path file = duck.write("min", "SELECT i::BIGINT AS id, CASE i WHEN 0 THEN (-9223372036854775808)::BIGINT WHEN 1 THEN 0 "
                + "ELSE 9223372036854775807::BIGINT END AS v FROM range(3) t(i)");
        graph.execute("CREATE NODE TABLE M(id INT64, v INT64, PRIMARY KEY(id))");
        graph.execute("COPY M FROM (LOAD FROM " + DuckDbParquet.literal(file) + " WHERE id < 2 RETURN id, v)");
        try (QueryResult r = graph.query("MATCH (x:M) RETURN x.v ORDER BY x.id")) {
            assertThat(r.rows()).extracting(row -> row.get(0)).containsExactly(Long.MIN_VALUE, 0L);
        }
    }

    /**
     * UUIDs far apart, the nil UUID (INT128's minimum as the engine stores it) included, from
     * Parquet's UUID or from text: the engine alone failed ("cannot negate INT128_MIN").
     */
    @Test
    void uuidColumnsOfDifferingValuesAreExact() {
        for (String uuid : List.of("'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID", "'ffffffff-ffff-ffff-ffff-ffffffffffff'")) {
            Path file = duck.write("uuid" + ++files, "SELECT i::BIGINT AS id, CASE i WHEN 0 THEN " + uuid.replace("ffffffff-ffff-ffff-ffff-ffffffffffff",
                    "00000000-0000-0000-0000-000000000000") + " ELSE " + uuid + " END AS v FROM range(2) t(i)");
            graph.execute("CREATE NODE TABLE U" + files + "(id INT64, v UUID, PRIMARY KEY(id))");
            graph.execute("COPY U" + files + " FROM " + DuckDbParquet.literal(file));
            try (QueryResult r = graph.query("MATCH (x:U" + files + ") RETURN x.v ORDER BY x.id")) {
                assertThat(r.rows()).extracting(row -> row.get(0)).as(uuid).containsExactly(new UUID(0, 0), new UUID(-1, -1));
            }
        }
        // In a LIST and in a STRUCT.
        Path nested = duck.write("uuids", "SELECT 0::BIGINT AS id, ['00000000-0000-0000-0000-000000000000'::UUID, "
                + "'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID, NULL] AS l, {'u': '00000000-0000-0000-0000-000000000000'::UUID} AS s "
                + "UNION ALL SELECT 1, [], {'u': 'ffffffff-ffff-ffff-ffff-ffffffffffff'::UUID}");
        graph.execute("CREATE NODE TABLE UN(id INT64, l UUID[], s STRUCT(u UUID), PRIMARY KEY(id))");
        graph.execute("COPY UN FROM " + DuckDbParquet.literal(nested));
        try (QueryResult r = graph.query("MATCH (x:UN) RETURN x.l, x.s.u ORDER BY x.id")) {
            List<Row> rows = r.rows();
            assertThat(rows.get(0).get(0)).isEqualTo(Arrays.asList(new UUID(0, 0), new UUID(-1, -1), null));
            assertThat(rows.get(0).get(1)).isEqualTo(new UUID(0, 0));
            assertThat(rows.get(1).get(0)).isEqualTo(List.of());
            assertThat(rows.get(1).get(1)).isEqualTo(new UUID(-1, -1));
        }
    }

    /** The engine's interval text takes no negative number, in any form DuckDB writes or the fields' form. */
    @Test
    void intervalTextWithANegativeFieldIsARowError() {
        for (String text : List.of("-1 year -2 months -3 days -04:05:06.123456", "1 day -00:00:00.000001", "0 months -3 days 0 microseconds")) {
            assertThatThrownBy(() -> graph.query("RETURN CAST('" + text + "' AS INTERVAL)")).as(text)
                    .isInstanceOf(LadybugException.class).hasMessageContaining("Conversion exception");
        }
    }

    /** A STRUCT in a STRUCT: the file is refused; a STRUCT field name the DDL cannot hold, even quoted. */
    @Test
    void nestedStructsAndFieldNames() {
        Path file = parquet("{'a': {'b': 1.5}}");
        assertThatThrownBy(() -> graph.query("LOAD FROM " + DuckDbParquet.literal(file) + " RETURN id"))
                .isInstanceOf(LadybugException.class).hasMessageContaining("Unsupported converted type");
        assertCopies("{'c': [1, 2]}", "STRUCT(c INT64[])", Map.of("c", List.of(1L, 2L)));
        assertCopies("{'select': 1}", "STRUCT(`select` INT64)", Map.of("select", 1L));
        assertThatThrownBy(() -> graph.execute("CREATE NODE TABLE Q(id INT64, v STRUCT(`a b` INT64), PRIMARY KEY(id))"))
                .isInstanceOf(LadybugException.class);
    }

    /** COPY of a file whose column v is {@code duckExpression} (NULL in its second row) reads back as {@code expected}. */
    private void assertCopies(String duckExpression, String ladybugType, Object expected) {
        Path file = parquet(duckExpression);
        String table = "T" + files;
        graph.execute("CREATE NODE TABLE " + table + "(id INT64, v " + ladybugType + ", PRIMARY KEY(id))");
        graph.execute("COPY " + table + " FROM " + DuckDbParquet.literal(file));
        try (QueryResult r = graph.query("MATCH (x:" + table + ") RETURN x.v ORDER BY x.id")) {
            List<Row> rows = r.rows();
            assertThat(rows.get(0).get(0)).as(duckExpression).isEqualTo(expected);
            assertThat(rows.get(1).get(0)).isNull();
        }
    }

    private Path parquet(String duckExpression) {
        return duck.write("f" + ++files, "SELECT i::BIGINT AS id, CASE WHEN i = 1 THEN NULL ELSE " + duckExpression
                + " END AS v FROM range(2) t(i)");
    }
}
