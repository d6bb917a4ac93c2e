package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphId;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.GraphTableSchema;
import io.graphstaging.core.model.TableName;
import io.graphstaging.core.port.GraphSchema;
import io.graphstaging.ladybug.binding.Connection;
import io.graphstaging.ladybug.binding.LadybugException;
import io.graphstaging.ladybug.binding.QueryResult;
import io.graphstaging.ladybug.binding.Row;
import io.graphstaging.ladybug.binding.StatementShape;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Schema and removal of the graph databases the sink keeps ({@link GraphDatabases}): user DDL
 * limited to {@code CREATE NODE TABLE} / {@code CREATE REL TABLE}, judged by the engine's parser
 * before anything runs and applied in one transaction; table drops; whole-graph removal.
 */
public final class LadybugGraphSchema implements GraphSchema {
    private final GraphDatabases databases;

    @Inject
    public LadybugGraphSchema(LadybugGraphSink sink) {
        this.databases = sink.databases();
    }

    @Override
    public List<String> apply(GraphId graph, String ddl) {
        List<String> statements = checkedStatements(ddl);
        return failures("Applying the schema of graph " + graph, () -> databases.write(graph, connection -> {
            Set<String> before = allTables(connection);
            return inTransaction(connection, () -> {
                for (int i = 0; i < statements.size(); i++) {
                    try {
                        connection.execute(statements.get(i));
                    } catch (LadybugException e) {
                        throw new StagingException(ErrorCode.INVALID_SCHEMA, "Statement " + (i + 1)
                                + " of the schema was refused, so none was applied: " + e.getMessage());
                    }
                }
                List<String> created = new ArrayList<>(allTables(connection));
                created.removeAll(before);
                for (String table : created) {
                    if (SinkRecords.isSinkTable(table)) {
                        throw new StagingException(ErrorCode.INVALID_SCHEMA,
                                "Table names starting with " + SinkRecords.PREFIX + " are reserved, so none was applied: " + table);
                    }
                }
                return created;
            });
        }));
    }

    /** The statements of {@code ddl}, each a CREATE NODE TABLE or CREATE REL TABLE as the engine parses it. */
    static List<String> checkedStatements(String ddl) {
        if (ddl == null || ddl.isBlank()) {
            throw new StagingException(ErrorCode.INVALID_SCHEMA, "The schema DDL must not be empty");
        }
        List<StatementShape> shapes;
        try {
            shapes = StatementShape.parse(ddl);
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.INVALID_SCHEMA, "The graph engine rejected the schema DDL: " + e.getMessage());
        }
        List<String> statements = CypherStatements.split(ddl);
        if (shapes.isEmpty() || shapes.size() != statements.size()) {
            throw new StagingException(ErrorCode.INVALID_SCHEMA, "The schema DDL could not be cut into its "
                    + shapes.size() + " statements; write one statement per CREATE, separated by ';'");
        }
        for (int i = 0; i < shapes.size(); i++) {
            StatementShape shape = shapes.get(i);
            boolean table = shape.type().equals("CREATE_TABLE") && !shape.parts().contains("AS_QUERY")
                    && (shape.parts().get(0).equals("NODE") || shape.parts().get(0).equals("REL"));
            if (!table) {
                throw new StagingException(ErrorCode.INVALID_SCHEMA, "Statement " + (i + 1) + " of the schema is "
                        + describe(shape) + "; only CREATE NODE TABLE and CREATE REL TABLE statements are accepted: "
                        + abbreviated(statements.get(i)));
            }
        }
        return statements;
    }

    private static String describe(StatementShape shape) {
        if (shape.type().equals("CREATE_TABLE")) {
            return shape.parts().contains("AS_QUERY") ? "a CREATE TABLE ... AS (filled from a query)"
                    : "a CREATE " + shape.parts().get(0) + " TABLE";
        }
        return "a " + shape.type() + " statement";
    }

    private static String abbreviated(String statement) {
        return statement.length() <= 80 ? statement : statement.substring(0, 77) + "...";
    }

    @Override
    public List<GraphTableSchema> describe(GraphId graph) {
        return failures("Reading the schema of graph " + graph, () -> databases.readIfExists(graph, connection -> {
            List<GraphTableSchema> tables = new ArrayList<>();
            for (String name : GraphCatalog.tableKinds(connection).keySet()) {
                GraphCatalog.find(connection, name).map(LadybugGraphSchema::schemaOf).ifPresent(tables::add);
            }
            return tables;
        }).orElse(List.of()));
    }

    private static GraphTableSchema schemaOf(GraphTable table) {
        List<GraphTableSchema.Property> properties = new ArrayList<>();
        for (Column column : table.properties()) {
            properties.add(new GraphTableSchema.Property(column.name(), column.type(),
                    table.primaryKey().map(column.name()::equals).orElse(false)));
        }
        return new GraphTableSchema(table.name(), table.kind(), properties,
                table.endpoints().map(GraphTable.Endpoints::fromTable), table.endpoints().map(GraphTable.Endpoints::toTable));
    }

    @Override
    public List<String> dropTable(GraphId graph, TableName table, boolean cascade) {
        Optional<List<String>> dropped = failures("Dropping table " + table + " of graph " + graph,
                () -> databases.readIfExists(graph, connection -> {
                    GraphTable found = GraphCatalog.find(connection, table.value()).orElseThrow(() -> notFound(graph, table));
                    List<String> pointing = found.kind() == GraphTableKind.NODE ? relationshipsAt(connection, found.name()) : List.of();
                    if (!pointing.isEmpty() && !cascade) {
                        throw new StagingException(ErrorCode.TABLE_IN_USE, "Node table " + found.name() + " of graph " + graph
                                + " is used by relationship tables " + String.join(", ", pointing)
                                + "; drop them first or ask for cascade=true");
                    }
                    List<String> order = new ArrayList<>(pointing);
                    order.add(found.name());
                    List<String> droppedTables = inTransaction(connection, () -> {
                        for (String name : order) {
                            connection.execute("DROP TABLE " + Cypher.identifier(name));
                        }
                        return order;
                    });
                    // A table created again under the name must not inherit the old position:
                    // its next sync compares with the graph or rebuilds.
                    order.forEach(name -> SyncRecords.discard(connection, name));
                    return droppedTables;
                }));
        return dropped.orElseThrow(() -> notFound(graph, table));
    }

    private static List<String> relationshipsAt(Connection connection, String nodeTable) {
        List<String> pointing = new ArrayList<>();
        for (Map.Entry<String, GraphTableKind> entry : GraphCatalog.tableKinds(connection).entrySet()) {
            if (entry.getValue() != GraphTableKind.RELATIONSHIP) {
                continue;
            }
            GraphCatalog.find(connection, entry.getKey()).flatMap(GraphTable::endpoints).ifPresent(ends -> {
                if (ends.fromTable().equalsIgnoreCase(nodeTable) || ends.toTable().equalsIgnoreCase(nodeTable)) {
                    pointing.add(entry.getKey());
                }
            });
        }
        return pointing;
    }

    private static StagingException notFound(GraphId graph, TableName table) {
        return new StagingException(ErrorCode.TABLE_NOT_FOUND, "Graph " + graph + " has no graph table " + table);
    }

    @Override
    public boolean dropGraph(GraphId graph) {
        return databases.delete(graph);
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
     * (the engine may have rolled back already after a failed statement; a rollback that then
     * fails is kept as suppressed, the work's own failure is what the caller gets).
     */
    private static <T> T inTransaction(Connection connection, Supplier<T> work) {
        connection.execute("BEGIN TRANSACTION");
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            try {
                connection.execute("ROLLBACK");
            } catch (LadybugException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
        connection.execute("COMMIT");
        return result;
    }

    /** Every table name, the sink's own included. */
    private static Set<String> allTables(Connection connection) {
        Set<String> names = new LinkedHashSet<>();
        try (QueryResult result = connection.query("CALL show_tables() RETURN name")) {
            for (Row row : result.rows()) {
                names.add(row.getString(0));
            }
        }
        return names;
    }

    private static <T> T failures(String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (LadybugException e) {
            throw new StagingException(ErrorCode.GRAPH_FAILED, what + " failed: " + e.getMessage(), e);
        }
    }
}
