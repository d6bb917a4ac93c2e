package io.graphstaging.http.api;

import java.util.List;

/** A whole query result as JSON. */
public record QueryResponse(List<String> columns, List<List<Object>> rows, long rowCount, double executionTimeMs) {}
