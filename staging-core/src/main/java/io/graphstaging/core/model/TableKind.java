package io.graphstaging.core.model;

import java.util.Collection;
import java.util.Locale;

/** How a staging table is shaped, decided by its columns. */
public enum TableKind {
    /** Has an {@code identifier} column: one row per identifier. */
    NODE,
    /** Has {@code from} and {@code to}: one row per pair, columns {@code src, dst, <properties>}. */
    RELATIONSHIP,
    /** Anything else: rows kept as read. */
    PLAIN;

    public static final String IDENTIFIER = "identifier";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String SRC = "src";
    public static final String DST = "dst";
    public static final String FILE_ID = "file_id";

    /** Shapes by source columns (as read from the first file). */
    public static TableKind ofSourceColumns(Collection<String> columns) {
        if (columns.contains(IDENTIFIER)) {
            return NODE;
        }
        if (columns.contains(FROM) && columns.contains(TO)) {
            return RELATIONSHIP;
        }
        return PLAIN;
    }

    /** The wire form: {@code node}, {@code relationship}, {@code plain}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
