package io.graphstaging.http.api;

import java.util.List;

/** The outcome of dropping a graph table: every table dropped (relationship tables first, with cascade). */
public record DropGraphTableResponse(String status, String tableName, List<String> tablesDropped, String message) {}
