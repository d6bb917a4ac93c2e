package io.graphstaging.http.api;

/** One staging table in a listing, with its schema contract. */
public record TableInfo(String graphId, String tableName, long rowCount, long sizeBytes, String s3Location,
                        long fileCount, String kind, SchemaContractBody schemaContract) {}
