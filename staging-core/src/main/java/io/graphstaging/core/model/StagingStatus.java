package io.graphstaging.core.model;

/** Whether a file's rows are in its staging table. */
public enum StagingStatus implements WireName {
    PENDING, STAGED, FAILED
}
