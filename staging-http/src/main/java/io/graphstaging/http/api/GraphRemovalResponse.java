package io.graphstaging.http.api;

/** The outcome of removing a graph, or only its staging side. */
public record GraphRemovalResponse(String status, String graphId, boolean stagingDatabaseRemoved,
                                   boolean graphDatabaseRemoved, boolean spoolRemoved, int registryFilesReset,
                                   String message) {}
