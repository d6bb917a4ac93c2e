package io.graphstaging.core.model;

/**
 * What removing a graph (or only its staging side) found and removed.
 *
 * @param stagingDatabase whether there was a staging database
 * @param graphDatabase   whether there was a graph database (always false when only staging was removed)
 * @param spool           whether there were spooled source files
 * @param registryFiles   registered files of the graph sent back to {@code pending}
 */
public record GraphRemoval(boolean stagingDatabase, boolean graphDatabase, boolean spool, int registryFiles) {

    /** Whether anything was there to remove. */
    public boolean removedAnything() {
        return stagingDatabase || graphDatabase || spool;
    }
}
