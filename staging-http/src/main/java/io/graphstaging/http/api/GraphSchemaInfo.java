package io.graphstaging.http.api;

import java.util.List;

/** {@code GET /databases/{graph_id}/schema}: the graph database's tables as declared. */
public record GraphSchemaInfo(List<Table> tables) {

    /** One table; {@code from} and {@code to} only for a relationship table (null otherwise). */
    public record Table(String tableName, String kind, List<Property> properties, String from, String to) {}

    public record Property(String name, String type, boolean primaryKey) {}
}
