package io.graphstaging.http.api;

/** Versions of the platform and of its engines. */
public record InfoResponse(String name, String version, String duckdbVersion, String ladybugVersion,
                           String javaVersion) {}
