package io.graphstaging.http.api;

import java.util.List;

/** Body of {@code POST /databases/{graph_id}/tables/query}; parameters bind to {@code ?}. */
public record QueryRequest(String sql, List<Object> parameters, String graphId) {}
