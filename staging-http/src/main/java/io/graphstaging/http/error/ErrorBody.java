package io.graphstaging.http.error;

/** The body of every error response: a message for people and a stable code for programs. */
public record ErrorBody(String detail, String code) {}
