package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The staging shape rule, in one place: a table's kind, its visible columns in order, its
 * dedupe key, and which source column feeds each visible one. A file with {@code identifier} makes
 * a node table keyed by it; one with {@code from} and {@code to} a relationship table keyed by
 * the pair, whose columns are renamed and ordered {@code src, dst, <properties>} (the graph copies
 * relationship columns by position); anything else a plain table kept as read. Every store and
 * the graph sink take the shape from here.
 *
 * @param columns   visible columns, {@code file_id} last when present
 * @param hasFileId whether rows carry their file's id in a {@code file_id} column
 */
public record TableShape(TableKind kind, List<Column> columns, boolean hasFileId) {

    public TableShape {
        columns = List.copyOf(columns);
    }

    /** The kind that source columns (as read from a table's first file) give. */
    public static TableKind kindOfSource(Collection<String> sourceColumns) {
        if (sourceColumns.contains(TableKind.IDENTIFIER)) {
            return TableKind.NODE;
        }
        if (sourceColumns.contains(TableKind.FROM) && sourceColumns.contains(TableKind.TO)) {
            return TableKind.RELATIONSHIP;
        }
        return TableKind.PLAIN;
    }

    /** The dedupe key of a kind, as visible column names; empty for a plain table. */
    public static List<String> keyColumnsOf(TableKind kind) {
        return switch (kind) {
            case NODE -> List.of(TableKind.IDENTIFIER);
            case RELATIONSHIP -> List.of(TableKind.SRC, TableKind.DST);
            case PLAIN -> List.of();
        };
    }

    /**
     * Shapes a table from its first file's columns.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} naming the file when a relationship file
     *         also has {@code src} or {@code dst}, or a file has its own {@code file_id} while the
     *         table fills it from the file-id map
     */
    public static TableShape fromSource(TableName table, SourceFile file, List<Column> source, boolean hasFileId) {
        List<String> names = source.stream().map(Column::name).toList();
        TableKind kind = kindOfSource(names);
        List<Column> visible = new ArrayList<>();
        if (kind == TableKind.RELATIONSHIP) {
            if (names.contains(TableKind.SRC) || names.contains(TableKind.DST)) {
                throw mismatch(file, "a relationship file (with 'from' and 'to') may not also have 'src' or 'dst' columns");
            }
            visible.add(new Column(TableKind.SRC, typeOf(source, TableKind.FROM)));
            visible.add(new Column(TableKind.DST, typeOf(source, TableKind.TO)));
            source.stream().filter(c -> !c.name().equals(TableKind.FROM) && !c.name().equals(TableKind.TO))
                    .forEach(visible::add);
        } else {
            visible.addAll(source);
        }
        if (hasFileId) {
            if (names.contains(TableKind.FILE_ID)) {
                throw mismatch(file, "it has a 'file_id' column, which table " + table + " fills from the file-id map");
            }
            visible.add(new Column(TableKind.FILE_ID, "VARCHAR"));
        }
        return new TableShape(kind, visible, hasFileId);
    }

    /** Columns kept from source files: every visible column but {@code file_id}. */
    public List<Column> dataColumns() {
        return hasFileId ? columns.subList(0, columns.size() - 1) : columns;
    }

    /** The dedupe key, as visible column names; empty for a plain table. */
    public List<String> keyColumns() {
        return keyColumnsOf(kind);
    }

    /** The source column that feeds a visible column ({@code src} is fed by {@code from}, {@code dst} by {@code to}). */
    public String sourceNameOf(String visible) {
        if (kind == TableKind.RELATIONSHIP) {
            if (visible.equals(TableKind.SRC)) {
                return TableKind.FROM;
            }
            if (visible.equals(TableKind.DST)) {
                return TableKind.TO;
            }
        }
        return visible;
    }

    /**
     * Checks that a file fits the table: it has every key column with the table's type, no
     * column the table lacks, and the table's type for each column it has. Columns it lacks
     * (other than keys) are filled with NULL. Returns, per data column, the source column to
     * read, or empty for NULL.
     *
     * @throws StagingException {@code SCHEMA_MISMATCH} naming the file and the column
     */
    public List<Optional<String>> fit(TableName table, SourceFile file, List<Column> source) {
        Map<String, String> sourceTypes = new LinkedHashMap<>();
        source.forEach(c -> sourceTypes.put(c.name(), c.type()));
        for (String key : keyColumns().stream().map(this::sourceNameOf).toList()) {
            if (!sourceTypes.containsKey(key)) {
                throw mismatch(file, "it lacks column '" + key + "', which " + kind.wireName() + " table " + table + " needs");
            }
        }
        List<Optional<String>> mapping = new ArrayList<>();
        List<String> used = new ArrayList<>();
        for (Column column : dataColumns()) {
            String sourceName = sourceNameOf(column.name());
            String type = sourceTypes.get(sourceName);
            if (type == null) {
                mapping.add(Optional.empty());
                continue;
            }
            if (!type.equals(column.type())) {
                throw mismatch(file, "column '" + sourceName + "' is " + type + " there but " + column.type()
                        + " in table " + table);
            }
            used.add(sourceName);
            mapping.add(Optional.of(sourceName));
        }
        List<String> extra = sourceTypes.keySet().stream().filter(n -> !used.contains(n)).toList();
        if (!extra.isEmpty()) {
            throw mismatch(file, "it has columns " + extra + " that table " + table + " does not have");
        }
        return mapping;
    }

    /** The error for a file that does not fit its table. */
    public static StagingException mismatch(SourceFile file, String what) {
        return new StagingException(ErrorCode.SCHEMA_MISMATCH, "File " + file.uri() + " does not fit: " + what);
    }

    private static String typeOf(List<Column> source, String name) {
        return source.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().type();
    }
}
