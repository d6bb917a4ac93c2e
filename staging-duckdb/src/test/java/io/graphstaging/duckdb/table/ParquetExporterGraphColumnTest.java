package io.graphstaging.duckdb.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.graphstaging.duckdb.sql.SqlText.literal;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ParquetExporter#graphColumn}: what each staged type becomes in the Parquet file written
 * for the graph, written by DuckDB and read back from the file.
 */
class ParquetExporterGraphColumnTest {
    @TempDir
    Path dir;
    private Connection duck;

    @BeforeEach
    void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    @Test
    void decimalsAndWideIntegersTravelAsTheirExactText() throws SQLException {
        List<String> values = List.of("'-99.99'::DECIMAL(4,2)", "'0.00'::DECIMAL(4,2)",
                "'-99999999999999999999999999999999999999'::DECIMAL(38,0)",
                "'0.00000000000000000000000000000000000001'::DECIMAL(38,38)", "'123456789012345.678'::DECIMAL(18,3)",
                "'-170141183460469231731687303715884105728'::HUGEINT", "'340282366920938463463374607431768211455'::UHUGEINT");
        for (String value : values) {
            List<Object> written = writeAndRead(value);
            assertThat(written.get(0)).as(value).isEqualTo("VARCHAR");
            assertThat(written.get(1)).as(value).isEqualTo(text(value));
            assertThat(written.get(2)).as(value + ", NULL row").isNull();
        }
    }

    /** The fields' text parses back (in DuckDB) to the same months, days and microseconds, whatever their signs. */
    @Test
    void intervalsTravelAsTheirThreeFields() throws SQLException {
        List<String> values = List.of("INTERVAL '1 year 2 months 3 days 04:05:06.123456'", "INTERVAL '0 seconds'",
                "INTERVAL '-1 year -2 months -3 days -04:05:06.123456'", "INTERVAL '1 day' - INTERVAL '1 microsecond'",
                "to_days(2147483647) + to_months(2147483647) + to_microseconds(9223372036854775807)",
                "to_days(-2147483648) + to_months(-2147483648) + to_microseconds(-9223372036854775807)");
        for (String value : values) {
            List<Object> written = writeAndRead(value);
            assertThat(written.get(0)).as(value).isEqualTo("VARCHAR");
            assertThat(written.get(2)).as(value + ", NULL row").isNull();
            // DuckDB's text of an interval shows each field, where its '=' would equate 30 days and a month.
            assertThat(text("CAST(" + literal((String) written.get(1)) + " AS INTERVAL)")).as(value + " written as " + written.get(1))
                    .isEqualTo(text(value));
        }
        assertThat(writeAndRead("INTERVAL '1 year 2 months 3 days 04:05:06.123456'").get(1))
                .isEqualTo("14 months 3 days 14706123456 microseconds");
    }

    @Test
    void typesThatTravelAsThemselvesAreWrittenAsStaged() throws SQLException {
        assertThat(writeAndRead("1.5::DOUBLE").subList(0, 2)).containsExactly("DOUBLE", 1.5);
        assertThat(writeAndRead("'x'::ENUM('x', 'y')").subList(0, 2)).containsExactly("VARCHAR", "x");
        assertThat(writeAndRead("[1, 2]::INTEGER[2]").get(0)).isEqualTo("INTEGER[]");
    }

    @Test
    void refusedTypesAreNeverWritten() {
        assertThatThrownBy(() -> ParquetExporter.graphColumn(new Column("at", "TIME")))
                .isInstanceOfSatisfying(StagingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SCHEMA_MISMATCH))
                .hasMessageContaining("Column at has type TIME").hasMessageContaining("cast it to VARCHAR");
    }

    /** Writes {@code v} (NULL in the second row) through graphColumn; returns the file's type of v, then both values. */
    private List<Object> writeAndRead(String value) throws SQLException {
        Path file = dir.resolve("f" + System.nanoTime() + ".parquet");
        try (Statement s = duck.createStatement()) {
            s.execute("CREATE OR REPLACE TABLE t AS SELECT i, CASE WHEN i = 0 THEN " + value + " END AS v FROM range(2) r(i)");
            String type;
            try (ResultSet rs = s.executeQuery("SELECT v FROM t LIMIT 0")) {
                type = rs.getMetaData().getColumnTypeName(1);
            }
            s.execute("COPY (SELECT i, " + ParquetExporter.graphColumn(new Column("v", type)) + " FROM t ORDER BY i) TO '"
                    + file + "' (FORMAT parquet)");
            List<Object> read = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT v FROM '" + file + "' ORDER BY i")) {
                read.add(rs.getMetaData().getColumnTypeName(1));
                while (rs.next()) {
                    read.add(rs.getObject(1));
                }
            }
            return read;
        }
    }

    private String text(String value) throws SQLException {
        try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("SELECT CAST(" + value + " AS VARCHAR)")) {
            rs.next();
            return rs.getString(1);
        }
    }

}
