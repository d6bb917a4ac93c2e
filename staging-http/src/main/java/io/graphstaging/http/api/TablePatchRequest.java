package io.graphstaging.http.api;

/** Body of {@code PATCH /databases/{graph_id}/tables/{table_name}}. */
public record TablePatchRequest(SchemaContractBody schemaContract) {}
