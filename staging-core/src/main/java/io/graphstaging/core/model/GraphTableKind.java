package io.graphstaging.core.model;

/** A graph database table is either a node or a relationship table. */
public enum GraphTableKind implements WireName {
    NODE, RELATIONSHIP;
}
