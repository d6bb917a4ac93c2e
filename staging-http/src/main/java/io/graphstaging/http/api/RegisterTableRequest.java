package io.graphstaging.http.api;

/** Body of {@code POST .../registry/tables}; {@code table_type} is node, relationship or plain. */
public record RegisterTableRequest(String tableName, String tableType) {}
