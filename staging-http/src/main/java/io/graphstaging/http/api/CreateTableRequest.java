package io.graphstaging.http.api;

import java.util.Map;

/**
 * Body of {@code POST /databases/{graph_id}/tables}.
 *
 * @param s3Pattern one {@code s3://} glob or URI (a JSON string), or a list of URIs
 * @param graphId   sent by the original client; must equal the path's when present
 * @param schemaContract the table's contract; left out, the default (freeze, reject_file)
 */
public record CreateTableRequest(String tableName, Object s3Pattern, Map<String, String> fileIdMap, String graphId,
                                 SchemaContractBody schemaContract) {}
