package io.graphstaging.http.api;

import java.util.Map;

/**
 * Body of {@code POST /databases/{graph_id}/query}; parameters bind to {@code $name}.
 * {@code database}, when given, must be the graph of the path.
 */
public record CypherRequest(String cypher, String database, Map<String, Object> parameters) {}
