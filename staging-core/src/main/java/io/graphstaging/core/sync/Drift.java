package io.graphstaging.core.sync;

/**
 * Where the graph differs from the rows in scope: rows it lacks, rows whose property values
 * differ, and rows it holds that staging does not (counted only for a whole-table scope).
 */
public record Drift(long missing, long different, long extra) {}
