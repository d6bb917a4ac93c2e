package io.graphstaging.http.api;

import java.util.List;

/** Body of {@code POST .../materialize}; every field is optional ({@code ignore_errors} defaults to true). */
public record MaterializeRequest(Boolean ignoreErrors, List<String> fileIds, String fromNodeTable, String toNodeTable) {}
