package io.graphstaging.http.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;

/** A page of a table's quarantined rows, and how many there are. */
public record QuarantineResponse(long total, List<Row> rows) {
    /**
     * One quarantined row.
     *
     * @param file      the object URI (or key) of its file
     * @param rowNumber its ordinal in the file, from 0
     * @param values    the source row, a JSON object
     */
    public record Row(String file, String fileId, long rowNumber, String reason, @JsonRawValue String values) {}
}
