package io.graphstaging.http.api;

/** Body of {@code POST /databases/{graph_id}/schema}: {@code {"type": "ddl", "ddl": "CREATE NODE TABLE ..."}}. */
public record SchemaRequest(String type, String ddl) {}
