package io.graphstaging.core.task;

import io.graphstaging.core.model.WireName;

/** What a task's progress counts. */
public enum ProgressUnit implements WireName {
    OBJECTS, BYTES, ROWS, TABLES
}
