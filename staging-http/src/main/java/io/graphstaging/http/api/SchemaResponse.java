package io.graphstaging.http.api;

import java.util.List;

/** The outcome of schema DDL: the tables it created, in order. */
public record SchemaResponse(String status, String graphId, List<String> tablesCreated, String message) {}
