package io.graphstaging.core.testing;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.TableName;
import java.util.List;

/** Gives a graph a staged table with these rows, the way a store under test takes files. */
@FunctionalInterface
public interface TableStager {
    /** Columns are {@code BIGINT} or {@code VARCHAR}; values {@code Long}, {@code String} or null. */
    void stage(GraphId graph, TableName table, List<Column> columns, List<List<Object>> rows);
}
