package io.graphstaging.http.api;

import java.util.Map;

/**
 * Body of {@code GET /ready}: {@code ready} or {@code not_ready}, and each condition ({@code ok} or
 * what is wrong): the registry answers, the data directories take a file, the node is not stopping.
 */
public record ReadyResponse(String status, Map<String, String> checks) {}
