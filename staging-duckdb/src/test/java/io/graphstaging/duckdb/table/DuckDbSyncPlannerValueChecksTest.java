package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.graphstaging.core.model.Column;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The value checks of a sync plan ({@link DuckDbSyncPlanner#valueChecks}) on real DuckDB values:
 * an interval with a negative part and an infinite TIMESTAMP_MS or TIMESTAMP_S, alone or inside a
 * LIST or STRUCT, are named with their column; every other value passes. (Staged Parquet cannot
 * hold them today: DuckDB writes no negative interval to Parquet and reads millisecond and second
 * timestamps as TIMESTAMP; the checks keep a value the graph would refuse or change out of it.)
 */
class DuckDbSyncPlannerValueChecksTest {
    private static final List<Column> COLUMNS = List.of(new Column("identifier", "BIGINT"), new Column("span", "INTERVAL"),
            new Column("stamp", "TIMESTAMP_MS"), new Column("stamps", "TIMESTAMP_S[]"),
            new Column("nest", "STRUCT(t TIMESTAMP_MS, n INTEGER)"), new Column("plain", "TIMESTAMP"),
            new Column("name", "VARCHAR"));

    @Test
    void valuesTheGraphCannotHoldAreNamedWithTheirColumn() throws SQLException {
        assertThat(reasons("""
                (1, INTERVAL '1 year 2 months 3 days 04:05:06.000007', '2024-01-01 00:00:00.5'::TIMESTAMP_MS,
                    ['2024-01-01'::TIMESTAMP_S, NULL], {'t': '2024-01-01'::TIMESTAMP_MS, 'n': 1}, 'infinity'::TIMESTAMP, 'infinity'),
                (2, INTERVAL '-1 day', NULL, NULL, NULL, NULL, NULL),
                (3, INTERVAL '1 month' - INTERVAL '1 day', NULL, NULL, NULL, NULL, NULL),
                (4, INTERVAL '1 day' - INTERVAL '1 microsecond', NULL, NULL, NULL, NULL, NULL),
                (5, INTERVAL '-1 year' + INTERVAL '13 months', NULL, NULL, NULL, NULL, NULL),
                (6, NULL, 'infinity'::TIMESTAMP_MS, NULL, NULL, NULL, NULL),
                (7, NULL, NULL, [NULL, '-infinity'::TIMESTAMP_S], NULL, NULL, NULL),
                (8, NULL, NULL, NULL, {'t': '-infinity'::TIMESTAMP_MS, 'n': NULL}, NULL, NULL),
                (9, NULL, NULL, [], {'t': NULL, 'n': 2}, NULL, NULL),
                (10, NULL, NULL, NULL, NULL, NULL, NULL)""")).containsExactly(
                null,
                "span -1 day has a negative part, which the graph's INTERVAL cannot hold",
                "span 1 month -1 day has a negative part, which the graph's INTERVAL cannot hold",
                "span 1 day -00:00:00.000001 has a negative part, which the graph's INTERVAL cannot hold",
                null,
                "stamp holds an infinite timestamp, which the graph's TIMESTAMP_MS cannot hold",
                "stamps holds an infinite timestamp, which the graph's TIMESTAMP_SEC[] cannot hold",
                "nest holds an infinite timestamp, which the graph's STRUCT(`t` TIMESTAMP_MS, `n` INT32) cannot hold",
                null, null);
    }

    @Test
    void columnsWithoutSuchValuesAreNotChecked() {
        assertThat(DuckDbSyncPlanner.valueChecks(List.of(new Column("identifier", "BIGINT"), new Column("at", "TIMESTAMP"),
                new Column("d", "DATE"), new Column("l", "TIMESTAMP[]"), new Column("x", "DECIMAL(38, 2)")))).isEmpty();
    }

    /** The reason of each row of {@code values} (as the COLUMNS), in identifier order. */
    private static List<String> reasons(String values) throws SQLException {
        String definitions = String.join(", ", COLUMNS.stream().map(c -> c.name() + " " + c.type()).toList());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (" + definitions + ")");
            s.execute("INSERT INTO t VALUES " + values);
            List<String> reasons = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT CASE " + String.join(" ", DuckDbSyncPlanner.valueChecks(COLUMNS))
                    + " END FROM t AS s ORDER BY identifier")) {
                while (rs.next()) {
                    reasons.add(rs.getString(1));
                }
            }
            return reasons;
        }
    }
}
