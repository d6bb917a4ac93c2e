package io.graphstaging.ladybug.sink;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.GraphTableKind;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableSchema;
import io.graphstaging.ladybug.binding.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The graph side of {@code evolve} contracts: a staged table that gained columns since its graph
 * table was created gets them added with {@code ALTER TABLE <t> ADD <column> <type>} (NULL in
 * every existing row, as in staging), so the sync that follows carries them. Finding them
 * ({@link #of}) writes nothing, so a dry run or a verify can describe the table as it will be;
 * only {@link #apply}, called by a real write, alters the graph.
 *
 * <p>A staged column whose type was widened cannot follow: the engine's {@code ALTER TABLE}
 * adds, drops and renames columns but never changes a type, so that is refused naming the
 * column, both types and the way out (drop the graph table and materialize again). Columns the
 * graph has and staging lacks are left to {@link LoadPlan}, which refuses them as before.
 *
 * @param asWillBe the graph table with the missing columns appended, as {@code ALTER TABLE ADD}
 *                 appends them
 * @param missing  the staged columns the graph table lacks, staged names with graph types
 */
record GraphColumnAdditions(GraphTable asWillBe, List<Column> missing) {

    GraphColumnAdditions {
        missing = List.copyOf(missing);
    }

    /**
     * The staged columns {@code table} lacks, nothing written.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} for a staged column whose graph type differs
     */
    static GraphColumnAdditions of(GraphTable table, TableSchema staged) {
        Map<String, Column> graphColumns = table.properties().stream()
                .collect(Collectors.toMap(c -> c.name().toLowerCase(Locale.ROOT), Function.identity(), (a, b) -> a));
        List<String> keys = table.kind() == GraphTableKind.RELATIONSHIP ? staged.keyColumns() : List.of();
        List<Column> missing = new ArrayList<>();
        for (Column column : staged.columns()) {
            if (column.name().equals(TableKind.FILE_ID) || keys.contains(column.name())) {
                continue;
            }
            String type = LadybugTypes.of(column);
            Column existing = graphColumns.get(column.name().toLowerCase(Locale.ROOT));
            if (existing == null) {
                missing.add(new Column(column.name(), type));
            } else if (!LadybugTypes.sameType(type, existing.type())) {
                throw new StagingException(ErrorCode.SCHEMA_MISMATCH, "Column " + column.name() + " of staging table "
                        + staged.table() + " is " + column.type() + " (" + type + " in the graph) but graph table "
                        + table.name() + " has " + existing.type() + "; the graph engine's ALTER TABLE cannot change a"
                        + " column's type, so drop graph table " + table.name() + " and materialize it again");
            }
        }
        List<Column> properties = new ArrayList<>(table.properties());
        properties.addAll(missing);
        return new GraphColumnAdditions(new GraphTable(table.name(), table.kind(), properties, table.primaryKey(),
                table.endpoints()), missing);
    }

    /** The graph table with the staged columns it lacked added (the same table when none were). */
    static GraphTable apply(Connection connection, GraphTable table, TableSchema staged) {
        GraphColumnAdditions additions = of(table, staged);
        if (additions.missing().isEmpty()) {
            return table;
        }
        for (Column column : additions.missing()) {
            connection.execute("ALTER TABLE " + Cypher.identifier(table.name()) + " ADD "
                    + Cypher.identifier(column.name()) + " " + column.type());
        }
        return GraphCatalog.find(connection, table.name()).orElseThrow(() -> new StagingException(ErrorCode.GRAPH_FAILED,
                "Graph table " + table.name() + " is gone after adding columns"));
    }

    /** The missing columns by staged name, with their graph types: what a read of the graph returns as NULL. */
    Map<String, String> absentTypes() {
        return missing.stream().collect(Collectors.toMap(Column::name, Column::type, (a, b) -> a,
                LinkedHashMap::new));
    }
}
