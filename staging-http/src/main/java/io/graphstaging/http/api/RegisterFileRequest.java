package io.graphstaging.http.api;

/** Body of {@code POST .../registry/tables/{table_name}/files}; {@code upload_status} defaults to pending. */
public record RegisterFileRequest(String s3Key, String fileName, Long fileSizeBytes, String uploadStatus) {}
