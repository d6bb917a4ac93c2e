package io.graphstaging.core.testing;

import io.graphstaging.core.model.Cancellation;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.QueryResult;
import io.graphstaging.core.model.SqlQuery;
import io.graphstaging.core.port.StagingQueries;
import java.util.ArrayList;
import java.util.List;

/** For tests that only want to look at a table: the whole answer of a query, unbounded. */
public final class QueryAnswers {
    private QueryAnswers() {}

    public static QueryResult all(StagingQueries queries, GraphId graph, String sql) {
        List<Column> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        queries.stream(graph, new SqlQuery(sql, List.of()), 1000, new Cancellation(), chunk -> {
            if (columns.isEmpty()) {
                columns.addAll(chunk.columns());
            }
            rows.addAll(chunk.rows());
        });
        return new QueryResult(columns, rows);
    }
}
