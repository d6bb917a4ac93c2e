package io.graphstaging.http.api;

/** Where the graph differs from the rows in scope. */
public record DriftInfo(long missing, long different, long extra) {}
