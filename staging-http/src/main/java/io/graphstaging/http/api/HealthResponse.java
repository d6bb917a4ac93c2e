package io.graphstaging.http.api;

import java.util.Map;

/**
 * Health of the server: {@code healthy} when every part answers, else {@code unhealthy} (503).
 *
 * @param databaseCount staging databases on disk; null when they could not be counted
 * @param memoryRssMb   the process's resident memory; null where the system does not say
 * @param checks        by part ({@code duckdb}, {@code registry}, {@code object_store},
 *                      {@code graph}): {@code ok} or what is broken
 */
public record HealthResponse(String status, double uptimeSeconds, Integer databaseCount, Double memoryRssMb,
                             Map<String, String> checks) {}
