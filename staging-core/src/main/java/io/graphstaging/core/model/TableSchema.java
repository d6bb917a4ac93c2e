package io.graphstaging.core.model;

import java.util.List;
import java.util.Objects;

/** The visible columns of a staging table, in order, with its kind. */
public record TableSchema(GraphId graph, TableName table, TableKind kind, List<Column> columns) {
    public TableSchema {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(kind, "kind");
        columns = List.copyOf(columns);
    }

    public boolean hasColumn(String name) {
        return columns.stream().anyMatch(c -> c.name().equals(name));
    }

    /** The dedupe key ({@link TableShape#keyColumnsOf}). */
    public List<String> keyColumns() {
        return TableShape.keyColumnsOf(kind);
    }
}
