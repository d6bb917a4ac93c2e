package io.graphstaging.http.api;

/** Answer of registering a file. */
public record RegisterFileResponse(String fileId) {}
