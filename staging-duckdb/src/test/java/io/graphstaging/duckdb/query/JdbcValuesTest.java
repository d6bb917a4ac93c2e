package io.graphstaging.duckdb.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.graphstaging.core.model.IntervalValue;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class JdbcValuesTest {

    /** What the driver itself gives for INTERVAL values, read back exactly. */
    @Test
    void intervalsFromTheDriverAreExact() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT INTERVAL 1 DAY, INTERVAL '1 year 2 months 3 days 04:05:06.000007',"
                     + " INTERVAL '-1 day -00:00:01.5', INTERVAL 0 SECOND, INTERVAL '100 hours', INTERVAL '-2 years 3 months'")) {
            rs.next();
            assertThat(JdbcValues.interval(rs.getString(1))).isEqualTo(new IntervalValue(0, 1, 0));
            assertThat(JdbcValues.interval(rs.getString(2))).isEqualTo(new IntervalValue(14, 3, 14_706_000_007L));
            assertThat(JdbcValues.interval(rs.getString(3))).isEqualTo(new IntervalValue(0, -1, -1_500_000));
            assertThat(JdbcValues.interval(rs.getString(4))).isEqualTo(new IntervalValue(0, 0, 0));
            assertThat(JdbcValues.interval(rs.getString(5))).isEqualTo(new IntervalValue(0, 0, 360_000_000_000L));
            assertThat(JdbcValues.interval(rs.getString(6))).isEqualTo(new IntervalValue(-21, 0, 0));
            assertThat(rs.getObject(2)).as("the driver's form is text").isInstanceOf(String.class);
        }
    }

    @Test
    void otherTextIsNotAnInterval() {
        assertThatThrownBy(() -> JdbcValues.interval("1 fortnight")).isInstanceOf(IllegalArgumentException.class);
    }
}
