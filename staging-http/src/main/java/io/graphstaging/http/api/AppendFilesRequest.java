package io.graphstaging.http.api;

import java.util.Map;

/**
 * Body of {@code POST /databases/{graph_id}/tables/{table_name}/files}.
 *
 * @param schemaContract when given, replaces the table's contract (a field left out takes its default)
 */
public record AppendFilesRequest(Object s3Pattern, Map<String, String> fileIdMap, String graphId,
                                 SchemaContractBody schemaContract) {}
