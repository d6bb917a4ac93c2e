package io.graphstaging.ladybug.sink;

import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the tables a graph database declares (show_tables, table_info, show_connection). */
final class GraphCatalog {
    private GraphCatalog() {}

    /**
     * The user's node and relationship tables by name (LadybugDB compares table names
     * case-insensitively); the sink's own tables are left out.
     */
    static Map<String, GraphTableKind> tableKinds(Connection connection) {
        java.util.LinkedHashMap<String, GraphTableKind> kinds = new java.util.LinkedHashMap<>();
        try (QueryResult result = connection.query("CALL show_tables() RETURN name, type")) {
            for (Row row : result.rows()) {
                if (SinkRecords.isSinkTable(row.getString(0))) {
                    continue;
                }
                String type = row.getString(1);
                if (type.equals("NODE")) {
                    kinds.put(row.getString(0), GraphTableKind.NODE);
                } else if (type.equals("REL")) {
                    kinds.put(row.getString(0), GraphTableKind.RELATIONSHIP);
                }
            }
        }
        return kinds;
    }

    static Optional<GraphTable> find(Connection connection, String name) {
        for (Map.Entry<String, GraphTableKind> table : tableKinds(connection).entrySet()) {
            if (table.getKey().equalsIgnoreCase(name)) {
                return Optional.of(describe(connection, table.getKey(), table.getValue()));
            }
        }
        return Optional.empty();
    }

    static GraphTable describe(Connection connection, String name, GraphTableKind kind) {
        List<Column> columns = new ArrayList<>();
        Optional<String> primaryKey = Optional.empty();
        try (QueryResult result = connection.query("CALL table_info(" + Cypher.literal(name) + ") RETURN *")) {
            for (Row row : result.rows()) {
                String column = row.getString(1);
                columns.add(new Column(column, row.getString(2)));
                if (kind == GraphTableKind.NODE && Boolean.TRUE.equals(row.get(4))) {
                    primaryKey = Optional.of(column);
                }
            }
        }
        if (kind == GraphTableKind.NODE) {
            return new GraphTable(name, kind, columns, primaryKey, Optional.empty());
        }
        try (QueryResult result = connection.query("CALL show_connection(" + Cypher.literal(name) + ") RETURN *")) {
            Row row = result.next();
            return new GraphTable(name, kind, columns, Optional.empty(), Optional.of(new GraphTable.Endpoints(
                    row.getString(0), row.getString(1), row.getString(2), row.getString(3))));
        }
    }

    /**
     * The table's rows, as the engine counts them. {@code count(*)} of a bare pattern is answered
     * from the table's own count (about 1 ms for 3M relationships); {@code count(r)} scans every
     * relationship (50-90 ms), so the form matters.
     */
    static long rowCount(Connection connection, String table, GraphTableKind kind) {
        String cypher = kind == GraphTableKind.NODE
                ? "MATCH (n:" + Cypher.identifier(table) + ") RETURN count(*)"
                : "MATCH ()-[r:" + Cypher.identifier(table) + "]->() RETURN count(*)";
        return connection.queryLong(cypher);
    }
}
