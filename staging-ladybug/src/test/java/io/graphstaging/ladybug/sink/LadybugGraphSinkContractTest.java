package io.graphstaging.ladybug.sink;

import io.graphstaging.core.limit.MemoryBudget;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.port.GraphSink;
import io.graphstaging.core.sync.ParquetFile;
import io.graphstaging.core.testing.GraphSinkContract;
import io.graphstaging.ladybug.LadybugConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The GraphSink contract on real LadybugDB files, with Parquet files written and read by DuckDB. */
class LadybugGraphSinkContractTest extends GraphSinkContract {
    @TempDir
    Path dir;
    private LadybugGraphSink sink;
    private Connection duck;

    @BeforeEach
    void open() throws SQLException {
        sink = new LadybugGraphSink(LadybugConfig.defaults(dir.resolve("graphs")).withBufferPoolBytes(128L << 20)
                .withMaxThreads(2), MemoryBudget.unlimited());
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        sink.close();
        duck.close();
    }

    @Override
    protected GraphSink sink() {
        return sink;
    }

    @Override
    protected void writeRows(Path file, List<Column> columns, List<List<Object>> rows) {
        String declared = columns.stream().map(c -> "\"" + c.name() + "\" " + c.type()).collect(Collectors.joining(", "));
        String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE OR REPLACE TEMP TABLE rows_out(" + declared + ")");
            try (PreparedStatement insert = duck.prepareStatement("INSERT INTO rows_out VALUES (" + marks + ")")) {
                for (List<Object> row : rows) {
                    for (int i = 0; i < row.size(); i++) {
                        insert.setObject(i + 1, row.get(i));
                    }
                    insert.executeUpdate();
                }
            }
            st.execute("COPY rows_out TO '" + file + "' (FORMAT parquet)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected List<List<Object>> readRows(ParquetFile file) {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + file.path() + "')")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
