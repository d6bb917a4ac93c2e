package io.graphstaging.core.sync;

/**
 * Where a staging table stands: its generation (new on every create, replace or refresh
 * rebuild) and its version within the generation (+1 on every append, re-append or file delete).
 */
public record StagingPosition(long generation, long version) {}
