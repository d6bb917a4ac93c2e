package io.graphstaging.http.api;

import java.util.List;

/**
 * Answer of a whole-graph materialize: {@code success}, or {@code partial} (a 422) with the
 * tables done, the table that failed and why.
 */
public record GraphMaterializeResponse(String status, List<MaterializeResponse> tables, String failedTable,
                                       ErrorInfo error, double executionTimeMs) {
    /** The failure that stopped the run, as an error body says it. */
    public record ErrorInfo(String detail, String code) {}
}
