package io.graphstaging.http.api;

/** Answer of deleting one file's rows. */
public record DeleteFileResponse(String status, long rowsDeleted, String message) {}
