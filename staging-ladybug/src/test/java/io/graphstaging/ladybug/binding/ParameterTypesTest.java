package io.graphstaging.ladybug.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every Java type a {@link Row} gives back can be bound as a parameter, and comes back equal. */
class ParameterTypesTest {
    @RegisterExtension
    final ScratchGraph graph = new ScratchGraph(new DatabaseConfig(256L << 20, 1, false));

    private record Case(Object bound, String type, Object read) {}

    private static final UUID ID = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

    private static List<Case> cases() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("z", 1L);
        struct.put("a", "x");
        struct.put("d", new BigDecimal("2.50"));
        return List.of(
                new Case(Long.MIN_VALUE, "INT64", Long.MIN_VALUE),
                new Case(42, "INT64", 42L),
                new Case((short) -7, "INT64", -7L),
                new Case((byte) 5, "INT64", 5L),
                new Case(0.1, "DOUBLE", 0.1),
                new Case(Double.NaN, "DOUBLE", Double.NaN),
                new Case(Double.NEGATIVE_INFINITY, "DOUBLE", Double.NEGATIVE_INFINITY),
                new Case(0.1f, "DOUBLE", (double) 0.1f),
                new Case(true, "BOOL", true),
                new Case("Zoë 😀", "STRING", "Zoë 😀"),
                new Case(LocalDate.of(1600, 2, 29), "DATE", LocalDate.of(1600, 2, 29)),
                new Case(Instant.parse("1969-12-31T23:59:59.999999Z"), "TIMESTAMP", Instant.parse("1969-12-31T23:59:59.999999Z")),
                new Case(LocalDateTime.parse("2024-05-06T07:08:09.123456"), "TIMESTAMP", Instant.parse("2024-05-06T07:08:09.123456Z")),
                new Case(OffsetDateTime.parse("2024-05-06T07:08:09.5+02:00"), "TIMESTAMP_TZ", Instant.parse("2024-05-06T05:08:09.5Z")),
                new Case(new BigDecimal("-99.99"), "DECIMAL(4, 2)", new BigDecimal("-99.99")),
                new Case(new BigDecimal("0.5"), "DECIMAL(2, 1)", new BigDecimal("0.5")),
                new Case(new BigDecimal("-123456789012345678901234.5678"), "DECIMAL(28, 4)",
                        new BigDecimal("-123456789012345678901234.5678")),
                new Case(new BigDecimal("1E+3"), "DECIMAL(4, 0)", new BigDecimal("1000")),
                new Case(BigInteger.ONE.shiftLeft(127).negate(), "INT128", BigInteger.ONE.shiftLeft(127).negate()),
                new Case(new BigInteger("18446744073709551615"), "INT128", new BigInteger("18446744073709551615")),
                new Case(ID, "UUID", ID),
                new Case(new Interval(14, -3, 5_000_001L), "INTERVAL", new Interval(14, -3, 5_000_001L)),
                new Case(Arrays.asList(3L, null, 1L), "INT64[]", Arrays.asList(3L, null, 1L)),
                new Case(List.of(List.of("a"), List.of()), "STRING[][]", List.of(List.of("a"), List.of())),
                new Case(struct, "STRUCT(z INT64, a STRING, d DECIMAL(3, 2))", struct));
    }

    @Test
    void eachJavaTypeBindsToItsEngineTypeAndReadsBackEqual() {
        try (PreparedStatement p = graph.prepare("RETURN $v AS v")) {
            for (Case value : cases()) {
                try (QueryResult r = p.execute(Map.of("v", value.bound()))) {
                    assertThat(r.columnTypes()).as("%s", value.bound()).containsExactly(value.type());
                    assertThat(r.next().get(0)).as("%s", value.bound()).isEqualTo(value.read());
                }
            }
        }
    }

    @Test
    void boundValuesAreStoredAndReadBackFromATable() {
        List<Case> cases = cases();
        StringBuilder columns = new StringBuilder();
        StringBuilder assignments = new StringBuilder();
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            columns.append(", c").append(i).append(' ').append(cases.get(i).type());
            assignments.append(", c").append(i).append(": $p").append(i);
            values.put("p" + i, cases.get(i).bound());
        }
        graph.execute("CREATE NODE TABLE T(id INT64" + columns + ", PRIMARY KEY(id))");
        values.put("id", 1L);
        try (PreparedStatement insert = graph.prepare("CREATE (:T {id: $id" + assignments + "})")) {
            insert.execute(values).close();
        }
        try (QueryResult r = graph.query("MATCH (t:T) RETURN t.*")) {
            Row row = r.next();
            for (int i = 0; i < cases.size(); i++) {
                assertThat(row.get(i + 1)).as("%s", cases.get(i).bound()).isEqualTo(cases.get(i).read());
            }
        }
    }

    @Test
    void bytesAndNodeIdentifiers() {
        graph.execute("CREATE NODE TABLE N(id INT64, PRIMARY KEY(id))");
        graph.execute("CREATE (:N {id: 1})");
        InternalId id = (InternalId) graph.query("MATCH (n:N) RETURN id(n)").next().get(0);
        try (PreparedStatement p = graph.prepare("MATCH (n:N) WHERE id(n) = $id RETURN n.id, $b AS b")) {
            Row row = p.execute(Map.of("id", id, "b", new byte[] {0, (byte) 0xFF, 'a'})).next();
            assertThat(row.getLong(0)).isEqualTo(1);
            assertThat(row.getBytes(1)).containsExactly(0, 0xFF, 'a');
        }
    }

    @Test
    void valuesThatWouldChangeAreRefusedNamingTheParameter() {
        try (PreparedStatement p = graph.prepare("RETURN $v AS v")) {
            assertRefused(p, Instant.parse("2024-01-01T00:00:00.123456789Z"), "microseconds");
            assertRefused(p, BigInteger.ONE.shiftLeft(127), "outside INT128");
            assertRefused(p, new BigDecimal("1" + "0".repeat(38)), "more than 38 digits");
            assertRefused(p, List.of(1L, "x"), "two types");
            assertRefused(p, Map.of(1, 2), "not a String");
            assertRefused(p, new Object(), "unsupported parameter type");
            assertThat(p.execute(Map.of("v", 1L)).next().getLong(0)).isEqualTo(1);
        }
    }

    private static void assertRefused(PreparedStatement p, Object value, String reason) {
        assertThatThrownBy(() -> p.execute(Map.of("v", value))).as("%s", value)
                .isInstanceOf(LadybugException.class).hasMessageContaining(reason);
    }
}
