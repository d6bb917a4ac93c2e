package io.graphstaging.core.model;

import java.util.Locale;

/** Whether a file's rows are in the graph database. */
public enum GraphStatus {
    PENDING, INGESTED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
