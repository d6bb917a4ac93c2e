package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each engine type a graph can hold arrives as the Java value {@link Row} documents, exactly. */
class ValueTypesTest {
    @RegisterExtension
    final ScratchGraph graph = new ScratchGraph(new DatabaseConfig(256L << 20, 1, false));

    /** An engine expression, its column type and its Java value. */
    private record Case(String expression, String type, Object value) {}

    private static final List<Case> SCALARS = List.of(
            new Case("CAST(-128 AS INT8)", "INT8", -128L),
            new Case("CAST(-32768 AS INT16)", "INT16", -32768L),
            new Case("CAST(-2147483648 AS INT32)", "INT32", -2147483648L),
            new Case("CAST(-9223372036854775808 AS INT64)", "INT64", Long.MIN_VALUE),
            new Case("CAST('-170141183460469231731687303715884105728' AS INT128)", "INT128",
                    BigInteger.ONE.shiftLeft(127).negate()),
            new Case("CAST('170141183460469231731687303715884105727' AS INT128)", "INT128",
                    BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE)),
            new Case("CAST(255 AS UINT8)", "UINT8", 255L),
            new Case("CAST(65535 AS UINT16)", "UINT16", 65535L),
            new Case("CAST(4294967295 AS UINT32)", "UINT32", 4294967295L),
            new Case("CAST(18446744073709551615 AS UINT64)", "UINT64", new BigInteger("18446744073709551615")),
            new Case("CAST('340282366920938463463374607431768211455' AS UINT128)", "UINT128",
                    BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE)),
            new Case("CAST(0.1 AS FLOAT)", "FLOAT", (double) 0.1f),
            new Case("CAST(0.1 AS DOUBLE)", "DOUBLE", 0.1),
            new Case("CAST('-99.99' AS DECIMAL(4, 2))", "DECIMAL(4, 2)", new BigDecimal("-99.99")),
            new Case("CAST('-123456.789' AS DECIMAL(9, 3))", "DECIMAL(9, 3)", new BigDecimal("-123456.789")),
            new Case("CAST('-12345678901234.5678' AS DECIMAL(18, 4))", "DECIMAL(18, 4)",
                    new BigDecimal("-12345678901234.5678")),
            new Case("CAST('-123456789012345678901234.5678' AS DECIMAL(38, 4))", "DECIMAL(38, 4)",
                    new BigDecimal("-123456789012345678901234.5678")),
            new Case("CAST('0.10' AS DECIMAL(5, 2))", "DECIMAL(5, 2)", new BigDecimal("0.10")),
            new Case("true", "BOOL", true),
            new Case("'Zoë 😀 𝄞'", "STRING", "Zoë 😀 𝄞"),
            new Case("CAST('1600-02-29' AS DATE)", "DATE", LocalDate.of(1600, 2, 29)),
            new Case("CAST('1969-12-31 23:59:59.999999' AS TIMESTAMP)", "TIMESTAMP",
                    Instant.parse("1969-12-31T23:59:59.999999Z")),
            new Case("CAST('2024-05-06 07:08:09.123+02' AS TIMESTAMP_TZ)", "TIMESTAMP_TZ",
                    Instant.parse("2024-05-06T05:08:09.123Z")),
            new Case("CAST('1969-12-31 23:59:59.5' AS TIMESTAMP_MS)", "TIMESTAMP_MS", Instant.parse("1969-12-31T23:59:59.500Z")),
            new Case("CAST('2024-05-06 07:08:09' AS TIMESTAMP_SEC)", "TIMESTAMP_SEC", Instant.parse("2024-05-06T07:08:09Z")),
            new Case("CAST('2024-05-06 07:08:09.123456' AS TIMESTAMP_NS)", "TIMESTAMP_NS",
                    Instant.parse("2024-05-06T07:08:09.123456Z")),
            new Case("interval('1 year 2 months 3 days 4 hours 5 minutes 6.000007 seconds')", "INTERVAL",
                    new Interval(14, 3, 14_706_000_007L)),
            new Case("uuid('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11')", "UUID",
                    UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));

    @Test
    void scalarsFromExpressions() {
        for (Case scalar : SCALARS) {
            try (QueryResult r = graph.query("RETURN " + scalar.expression() + " AS v, CAST(NULL AS " + scalar.type() + ") AS n")) {
                assertThat(r.columns()).as(scalar.expression())
                        .containsExactly(new ResultColumn("v", scalar.type()), new ResultColumn("n", scalar.type()));
                Row row = r.next();
                assertThat(row.get(0)).as(scalar.expression()).isEqualTo(scalar.value());
                assertThat(row.get(1)).isNull();
            }
        }
    }

    @Test
    void scalarsStoredInANodeTableAndReadBackAfterReopening() {
        List<String> columns = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < SCALARS.size(); i++) {
            columns.add("c" + i + " " + SCALARS.get(i).type());
            values.add("c" + i + ": " + SCALARS.get(i).expression());
        }
        graph.execute("CREATE NODE TABLE T(id INT64, " + String.join(", ", columns) + ", PRIMARY KEY(id))");
        graph.execute("CREATE (:T {id: 1, " + String.join(", ", values) + "})");
        graph.execute("CREATE (:T {id: 2})");
        graph.reopen();
        try (QueryResult r = graph.query("MATCH (t:T) RETURN t.* ORDER BY t.id")) {
            Row full = r.next();
            Row empty = r.next();
            for (int i = 0; i < SCALARS.size(); i++) {
                assertThat(r.columns().get(i + 1).type()).isEqualTo(SCALARS.get(i).type());
                assertThat(full.get(i + 1)).as(SCALARS.get(i).expression()).isEqualTo(SCALARS.get(i).value());
                assertThat(empty.get(i + 1)).isNull();
            }
        }
    }

    @Test
    void blobsAreBytes() {
        try (QueryResult r = graph.query("RETURN CAST('\\\\x00\\\\xFFa' AS BLOB)")) {
            assertThat(r.columnTypes()).containsExactly("BLOB");
            assertThat(r.next().getBytes(0)).containsExactly(0x00, 0xFF, 'a');
        }
    }

    @Test
    void listsArraysStructsAndMapsAreCollectionsInOrder() {
        try (QueryResult r = graph.query("RETURN [3, NULL, 1] AS l, CAST([1.5, 2.5] AS FLOAT[2]) AS a, "
                + "{z: 1, a: 'x', m: NULL, d: CAST('0.5' AS DECIMAL(3, 1))} AS s, map(['b', 'a'], [[1], []]) AS m, "
                + "[{k: [CAST('1' AS INT128)]}] AS nested")) {
            assertThat(r.columnTypes()).containsExactly("INT64[]", "FLOAT[2]",
                    "STRUCT(z INT64, a STRING, m STRING, d DECIMAL(3, 1))", "MAP(STRING, INT64[])",
                    "STRUCT(k INT128[])[]");
            Row row = r.next();
            assertThat(row.getList(0)).containsExactly(3L, null, 1L);
            assertThat(row.getList(1)).containsExactly(1.5, 2.5);
            Map<String, Object> struct = row.getMap(2);
            assertThat(struct.keySet()).containsExactly("z", "a", "m", "d");
            assertThat(struct.values()).containsExactly(1L, "x", null, new BigDecimal("0.5"));
            Map<Object, Object> map = row.getMap(3);
            assertThat(map.keySet()).containsExactly("b", "a");
            assertThat(map.values()).containsExactly(List.of(1L), List.of());
            assertThat(row.get(4)).isEqualTo(List.of(Map.of("k", List.of(BigInteger.ONE))));
        }
    }

    @Test
    void nodesRelationshipsAndTheirIdentifiers() {
        graph.execute("CREATE NODE TABLE P(id INT64, name STRING, PRIMARY KEY(id))");
        graph.execute("CREATE REL TABLE K(FROM P TO P, w DOUBLE)");
        graph.execute("CREATE (:P {id: 1, name: 'a'})-[:K {w: 2.5}]->(:P {id: 2, name: 'b'})");
        try (QueryResult r = graph.query("MATCH (a:P)-[k:K]->(b:P) RETURN a, k, id(b)")) {
            assertThat(r.columnTypes()).containsExactly("NODE", "REL", "INTERNAL_ID");
            Row row = r.next();
            Node a = (Node) row.get(0);
            Relationship k = (Relationship) row.get(1);
            InternalId b = (InternalId) row.get(2);
            assertThat(a.label()).isEqualTo("P");
            assertThat(a.properties()).isEqualTo(new LinkedHashMap<>(Map.of("id", 1L, "name", "a")));
            assertThat(new ArrayList<>(a.properties().keySet())).containsExactly("id", "name");
            assertThat(k.label()).isEqualTo("K");
            assertThat(k.source()).isEqualTo(a.id());
            assertThat(k.destination()).isEqualTo(b);
            assertThat(k.properties()).isEqualTo(Map.of("w", 2.5));
            assertThat(b.table()).isEqualTo(a.id().table());
            assertThat(Arrays.asList(a.id().offset(), b.offset())).containsExactlyInAnyOrder(0L, 1L);
        }
    }

    @Test
    void intervalsPrintAsIso8601() {
        assertThat(new Interval(14, 3, 14_706_000_007L)).hasToString("P1Y2M3DT4H5M6.000007S");
        assertThat(new Interval(0, 0, 0)).hasToString("PT0S");
        assertThat(new Interval(-1, -2, -3_600_000_000L)).hasToString("P-1M-2DT-1H");
        assertThat(new Interval(0, 0, 90_500_000L)).hasToString("PT1M30.5S");
        assertThat(new Interval(0, 0, 90_500_000L).duration()).hasToString("PT1M30.5S");
        assertThat(new Interval(25, 40, 0).period()).hasToString("P2Y1M40D");
    }
}
