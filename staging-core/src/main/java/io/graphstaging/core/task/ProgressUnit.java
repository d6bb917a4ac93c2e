package io.graphstaging.core.task;

/** What a task's progress counts. */
public enum ProgressUnit {
    OBJECTS, BYTES, ROWS, TABLES;

    public String wireName() {
        return WireNames.of(this);
    }

    /** @throws io.graphstaging.core.error.StagingException {@code INVALID_PARAMETER} */
    public static ProgressUnit fromWire(String value) {
        return WireNames.parse(values(), value, "progress unit");
    }
}
