package io.graphstaging.http.api;

import java.util.Map;

/**
 * Health of the server: {@code healthy} when every part answers.
 *
 * @param checks by part ({@code duckdb}, {@code registry}, {@code object_store}, {@code graph}):
 *               {@code ok} or what failed
 */
public record HealthResponse(String status, Map<String, String> checks) {}
