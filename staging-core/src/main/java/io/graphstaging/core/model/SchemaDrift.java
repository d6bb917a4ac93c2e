package io.graphstaging.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link SchemaContract} lets files change a table's columns, shared by every store. Under
 * {@code freeze} a file must fit the table as it is ({@link TableShape#fit}). Under
 * {@code evolve} a file's new columns are added after the table's data columns (before
 * {@code file_id}), a narrower type is cast into the table's, and a wider or different one widens
 * the table to the lossless common type ({@link TypeWidening}); a key column never changes type.
 * Without a common type the file is refused, unless rows are quarantined: then each value is cast
 * to the table's type and a row whose value does not cast is kept aside.
 */
public final class SchemaDrift {
    private SchemaDrift() {}

    /**
     * How a data column is fed from a file.
     *
     * @param source the file's column, or empty when the file lacks it (NULL)
     * @param cast   how the value becomes the column's type
     */
    public record Feed(Optional<Column> source, Cast cast) {
        static final Feed NULL = new Feed(Optional.empty(), Cast.NONE);
    }

    /** How a source value becomes its column's type. */
    public enum Cast {
        /** Same type. */
        NONE,
        /** A lossless cast that never fails. */
        WIDEN,
        /** A cast that may fail on some values; their rows are quarantined. */
        TRY
    }

    /**
     * The table's shape once this file is staged under the contract.
     *
     * @throws io.graphstaging.core.error.StagingException {@code SCHEMA_MISMATCH} naming the file,
     *         the column and both types when the contract does not let the file in
     */
    public static TableShape evolve(TableName table, TableShape layout, SourceFile file, List<Column> source,
                                    SchemaContract contract) {
        if (!contract.evolves()) {
            layout.fit(table, file, source);
            return layout;
        }
        Map<String, String> sourceTypes = types(source);
        requireKeys(table, layout, file, sourceTypes);
        List<Column> data = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (Column column : layout.dataColumns()) {
            String sourceName = layout.sourceNameOf(column.name());
            String type = sourceTypes.get(sourceName);
            if (type == null) {
                data.add(column);
                continue;
            }
            used.add(sourceName);
            if (TypeWidening.widensInto(type, column.type())) {
                data.add(column);
                continue;
            }
            Optional<String> common = TypeWidening.commonType(type, column.type());
            boolean key = layout.keyColumns().contains(column.name());
            if (common.isPresent() && !key) {
                data.add(new Column(column.name(), common.get()));
            } else if (contract.quarantines()) {
                data.add(column); // values cast one by one, failures quarantined
            } else {
                throw TableShape.mismatch(file, "column '" + sourceName + "' is " + type + " there but "
                        + column.type() + " in table " + table + (key
                        ? ", and a key column's type cannot widen" : ", and no type holds both without loss"));
            }
        }
        for (Column extra : source) {
            if (used.contains(extra.name())) {
                continue;
            }
            if (layout.kind() == TableKind.RELATIONSHIP
                    && (extra.name().equals(TableKind.SRC) || extra.name().equals(TableKind.DST))) {
                throw TableShape.mismatch(file, "a relationship file may not have '" + extra.name() + "' columns");
            }
            if (layout.hasFileId() && extra.name().equals(TableKind.FILE_ID)) {
                throw TableShape.mismatch(file, "it has a 'file_id' column, which table " + table
                        + " fills from the file-id map");
            }
            data.add(extra);
        }
        List<Column> columns = new ArrayList<>(data);
        if (layout.hasFileId()) {
            columns.add(layout.columns().get(layout.columns().size() - 1));
        }
        return new TableShape(layout.kind(), columns, layout.hasFileId());
    }

    /**
     * Per data column of {@code layout} (already evolved for this file), how the file feeds it.
     *
     * @throws io.graphstaging.core.error.StagingException {@code SCHEMA_MISMATCH} as {@link #evolve}
     */
    public static List<Feed> feeds(TableName table, TableShape layout, SourceFile file, List<Column> source,
                                   SchemaContract contract) {
        Map<String, String> sourceTypes = types(source);
        if (!contract.evolves()) {
            List<Feed> feeds = new ArrayList<>();
            for (Optional<String> name : layout.fit(table, file, source)) {
                feeds.add(name.map(n -> new Feed(Optional.of(new Column(n, sourceTypes.get(n))), Cast.NONE))
                        .orElse(Feed.NULL));
            }
            return feeds;
        }
        requireKeys(table, layout, file, sourceTypes);
        List<Feed> feeds = new ArrayList<>();
        for (Column column : layout.dataColumns()) {
            String sourceName = layout.sourceNameOf(column.name());
            String type = sourceTypes.get(sourceName);
            if (type == null) {
                feeds.add(Feed.NULL);
                continue;
            }
            Cast cast = TypeWidening.normal(type).equals(TypeWidening.normal(column.type())) ? Cast.NONE
                    : TypeWidening.widensInto(type, column.type()) ? Cast.WIDEN : Cast.TRY;
            if (cast == Cast.TRY && !contract.quarantines()) {
                throw TableShape.mismatch(file, "column '" + sourceName + "' is " + type + " there but "
                        + column.type() + " in table " + table);
            }
            feeds.add(new Feed(Optional.of(new Column(sourceName, type)), cast));
        }
        return feeds;
    }

    private static void requireKeys(TableName table, TableShape layout, SourceFile file, Map<String, String> types) {
        for (String key : layout.keyColumns().stream().map(layout::sourceNameOf).toList()) {
            if (!types.containsKey(key)) {
                throw TableShape.mismatch(file, "it lacks column '" + key + "', which " + layout.kind().wireName()
                        + " table " + table + " needs");
            }
        }
    }

    private static Map<String, String> types(List<Column> source) {
        Map<String, String> types = new LinkedHashMap<>();
        source.forEach(c -> types.put(c.name(), c.type()));
        return types;
    }
}
