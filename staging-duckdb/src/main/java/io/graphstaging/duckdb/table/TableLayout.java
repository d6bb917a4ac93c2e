package io.graphstaging.duckdb.table;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import io.graphstaging.core.model.Column;
import io.graphstaging.core.model.SourceFile;
import io.graphstaging.core.model.TableKind;
import io.graphstaging.core.model.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a staging table is shaped: its kind, its visible columns in order, its dedupe key, and
 * which source column feeds each visible one ({@code from} becomes {@code src}, {@code to}
 * becomes {@code dst}).
 *
 * @param columns    visible columns, {@code file_id} last when present
 * @param hasFileId  whether rows carry their file's id in a {@code file_id} column
 */
record TableLayout(TableKind kind, List<Column> columns, boolean hasFileId) {
    /** Internal columns of the hidden per-file table; a source may not use the prefix. */
    static final String INTERNAL_PREFIX = "__gs_";
    static final String SEQ = "__gs_seq";
    static final String ROW = "__gs_row";
    static final String LIVE = "__gs_live";

    TableLayout {
        columns = List.copyOf(columns);
    }

    /** Shapes a table from its first file's columns. */
    static TableLayout fromSource(TableName table, SourceFile file, List<Column> source, boolean hasFileId) {
        List<String> names = source.stream().map(Column::name).toList();
        for (String name : names) {
            if (name.startsWith(INTERNAL_PREFIX)) {
                throw mismatch(file, "column '" + name + "' uses the reserved prefix " + INTERNAL_PREFIX);
            }
        }
        TableKind kind = TableKind.ofSourceColumns(names);
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
        return new TableLayout(kind, visible, hasFileId);
    }

    /** Columns kept from source files (all visible columns but {@code file_id}). */
    List<Column> dataColumns() {
        return hasFileId ? columns.subList(0, columns.size() - 1) : columns;
    }

    /** The dedupe key, as visible column names; empty for a plain table. */
    List<String> keyColumns() {
        return switch (kind) {
            case NODE -> List.of(TableKind.IDENTIFIER);
            case RELATIONSHIP -> List.of(TableKind.SRC, TableKind.DST);
            case PLAIN -> List.of();
        };
    }

    /** The source column that feeds a visible column. */
    String sourceNameOf(String visible) {
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
     */
    List<Optional<String>> fit(TableName table, SourceFile file, List<Column> source) {
        Map<String, String> sourceTypes = new LinkedHashMap<>();
        source.forEach(c -> sourceTypes.put(c.name(), c.type()));
        List<String> keySources = keyColumns().stream().map(this::sourceNameOf).toList();
        for (String key : keySources) {
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

    private static String typeOf(List<Column> source, String name) {
        return source.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().type();
    }

    static StagingException mismatch(SourceFile file, String what) {
        return new StagingException(ErrorCode.SCHEMA_MISMATCH, "File " + file.uri() + " does not fit: " + what);
    }
}
