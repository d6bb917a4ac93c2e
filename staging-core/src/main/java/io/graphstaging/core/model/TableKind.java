package io.graphstaging.core.model;

/** What a staging table is, decided by its columns ({@link TableShape}). */
public enum TableKind implements WireName {
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
}
