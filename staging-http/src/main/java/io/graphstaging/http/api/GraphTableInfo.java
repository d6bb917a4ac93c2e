package io.graphstaging.http.api;

/** A node or relationship table of the graph database. */
public record GraphTableInfo(String tableName, String kind, long rowCount) {}
