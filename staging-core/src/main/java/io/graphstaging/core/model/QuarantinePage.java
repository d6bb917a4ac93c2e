package io.graphstaging.core.model;

import java.util.List;

/** A page of a table's quarantined rows (by file, then row), and how many there are in all. */
public record QuarantinePage(long total, List<QuarantinedRow> rows) {
    public QuarantinePage {
        rows = List.copyOf(rows);
    }
}
