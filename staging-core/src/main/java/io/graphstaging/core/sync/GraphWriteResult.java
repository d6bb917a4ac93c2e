package io.graphstaging.core.sync;

import java.util.List;

/**
 * What the writes did.
 *
 * @param inserted             rows the inserts added
 * @param engineRejected       insert rows the engine refused (only with ignore_errors)
 * @param deleted              graph rows removed (rebuild: what the table held)
 * @param relationshipsRemoved relationships removed with their nodes
 * @param emptiedTables        relationship tables a cascade emptied
 */
public record GraphWriteResult(long inserted, long engineRejected, long updated, long deleted,
                               long relationshipsRemoved, List<String> emptiedTables) {
    public GraphWriteResult {
        emptiedTables = List.copyOf(emptiedTables);
    }
}
