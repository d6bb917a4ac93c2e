package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.QueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Empties a graph table for a rebuild the cheapest way: drop it and create it again with the
 * same definition. A node table cannot be dropped while relationship tables point at it, so
 * those are dropped and re-created too; ones that hold rows only with {@code cascade}.
 */
final class GraphTableEmptying {
    /** What emptying removed: the table's rows, and the relationship tables with rows it emptied. */
    record Emptied(long rows, List<String> emptiedTables) {}

    private GraphTableEmptying() {}

    static Emptied empty(Connection connection, GraphTable table, boolean cascade) {
        long rows = GraphCatalog.rowCount(connection, table.name(), table.kind());
        List<GraphTable> pointing = table.kind() == GraphTableKind.NODE ? pointingAt(connection, table.name()) : List.of();
        List<String> withRows = withRows(connection, pointing);
        if (!withRows.isEmpty() && !cascade) {
            throw inUse(table.name(), withRows);
        }
        for (GraphTable relationship : pointing) {
            SyncRecords.discard(connection, relationship.name());
            connection.execute("DROP TABLE " + Cypher.identifier(relationship.name()));
        }
        SyncRecords.discard(connection, table.name());
        connection.execute("DROP TABLE " + Cypher.identifier(table.name()));
        connection.execute(definition(table));
        for (GraphTable relationship : pointing) {
            connection.execute(definition(relationship));
        }
        return new Emptied(rows, withRows);
    }

    /** Relationship tables of the graph whose source or destination is {@code node}. */
    static List<GraphTable> pointingAt(Connection connection, String node) {
        List<GraphTable> pointing = new ArrayList<>();
        for (Map.Entry<String, GraphTableKind> t : GraphCatalog.tableKinds(connection).entrySet()) {
            if (t.getValue() == GraphTableKind.RELATIONSHIP) {
                GraphTable relationship = GraphCatalog.describe(connection, t.getKey(), t.getValue());
                GraphTable.Endpoints e = relationship.endpoints().orElseThrow();
                if (e.fromTable().equalsIgnoreCase(node) || e.toTable().equalsIgnoreCase(node)) {
                    pointing.add(relationship);
                }
            }
        }
        return pointing;
    }

    /** Of {@code tables} (relationship tables), those holding at least one row; one row is looked for, not counted. */
    static List<String> withRows(Connection connection, List<GraphTable> tables) {
        List<String> withRows = new ArrayList<>();
        for (GraphTable t : tables) {
            try (QueryResult result = connection.query("MATCH ()-[r:" + Cypher.identifier(t.name()) + "]->() RETURN 1 LIMIT 1")) {
                if (result.hasNext()) {
                    withRows.add(t.name());
                }
            }
        }
        return withRows;
    }

    static StagingException inUse(String table, List<String> relationships) {
        return new StagingException(ErrorCode.TABLE_IN_USE, "Node table " + table
                + " cannot be emptied: relationship table(s) " + String.join(", ", relationships)
                + " point at it and hold rows; set cascade to empty them too");
    }

    /** The DDL that creates the table as the graph declares it. */
    private static String definition(GraphTable table) {
        List<String> parts = new ArrayList<>();
        if (table.kind() == GraphTableKind.RELATIONSHIP) {
            GraphTable.Endpoints e = table.endpoints().orElseThrow();
            parts.add("FROM " + Cypher.identifier(e.fromTable()) + " TO " + Cypher.identifier(e.toTable()));
        }
        for (Column c : table.properties()) {
            parts.add(Cypher.identifier(c.name()) + " " + c.type());
        }
        table.primaryKey().ifPresent(pk -> parts.add("PRIMARY KEY(" + Cypher.identifier(pk) + ")"));
        return "CREATE " + (table.kind() == GraphTableKind.NODE ? "NODE" : "REL") + " TABLE " + Cypher.identifier(table.name())
                + "(" + String.join(", ", parts) + ")";
    }
}
