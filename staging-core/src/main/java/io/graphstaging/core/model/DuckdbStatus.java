package io.graphstaging.core.model;

import java.util.Locale;

/** Whether a file's rows are in its staging table. */
public enum DuckdbStatus {
    PENDING, STAGED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
