package io.graphstaging.core.sync;

/**
 * What a sync plan found: {@code staged = inserted + updated + unchanged + skipped + rejected};
 * {@code removed} graph rows no longer staged.
 */
public record SyncCounts(long staged, long inserted, long updated, long unchanged, long skipped, long rejected,
                         long removed) {
    public SyncCounts {
        if (staged != inserted + updated + unchanged + skipped + rejected) {
            throw new IllegalArgumentException("Counts do not add up: " + staged + " staged, " + inserted + " inserted, "
                    + updated + " updated, " + unchanged + " unchanged, " + skipped + " skipped, " + rejected + " rejected");
        }
    }
}
