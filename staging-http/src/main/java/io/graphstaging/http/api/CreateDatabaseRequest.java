package io.graphstaging.http.api;

/** Body of {@code POST /databases}: a graph created with its schema, as the original graph API takes it. */
public record CreateDatabaseRequest(String graphId, String schemaType, String customSchemaDdl) {}
