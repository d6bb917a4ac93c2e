package io.graphstaging.core.model;

/** Whether a file's rows are in the graph database. */
public enum GraphStatus implements WireName {
    PENDING, INGESTED, FAILED
}
