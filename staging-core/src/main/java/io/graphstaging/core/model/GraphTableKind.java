package io.graphstaging.core.model;

import java.util.Locale;

/** A graph database table is either a node or a relationship table. */
public enum GraphTableKind {
    NODE, RELATIONSHIP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
