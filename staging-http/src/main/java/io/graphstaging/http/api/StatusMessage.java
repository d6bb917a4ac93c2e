package io.graphstaging.http.api;

/** A status with a human-readable message. */
public record StatusMessage(String status, String message) {}
