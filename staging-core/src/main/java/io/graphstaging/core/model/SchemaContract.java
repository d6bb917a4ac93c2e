package io.graphstaging.core.model;

import java.util.Objects;
import java.util.Optional;

/**
 * What a staging table does with files that drift from it (see http-api.md, "Schema contracts").
 * The default, {@link #DEFAULT}, is the behaviour tables had before contracts existed.
 *
 * @param columns what a file with new columns or other column types does
 * @param rows    what a row that cannot be staged (a NULL key, a value that cannot be cast) does
 */
public record SchemaContract(Columns columns, Rows rows) {
    /** {@code freeze} and {@code reject_file}. */
    public static final SchemaContract DEFAULT = new SchemaContract(Columns.FREEZE, Rows.REJECT_FILE);

    /** Column-level drift. */
    public enum Columns implements WireName {
        /** A new column or a different type refuses the file; a missing column reads as NULL. */
        FREEZE,
        /** New columns are added, narrower types cast, wider ones widen the table when lossless. */
        EVOLVE
    }

    /** Row-level failures. */
    public enum Rows implements WireName {
        /** One bad row refuses the whole file. */
        REJECT_FILE,
        /** Bad rows are kept aside with their file, row number and reason; the rest is staged. */
        QUARANTINE
    }

    public SchemaContract {
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(rows, "rows");
    }

    /**
     * This contract with the given fields replaced, each parsed from its wire form; an absent
     * field keeps this contract's value.
     *
     * @throws io.graphstaging.core.error.StagingException {@code INVALID_REQUEST} naming the field
     */
    public SchemaContract with(Optional<String> columnsWire, Optional<String> rowsWire) {
        return new SchemaContract(
                columnsWire.map(v -> WireName.parse(Columns.class, v, "schema_contract.columns")).orElse(columns),
                rowsWire.map(v -> WireName.parse(Rows.class, v, "schema_contract.rows")).orElse(rows));
    }

    public boolean evolves() {
        return columns == Columns.EVOLVE;
    }

    public boolean quarantines() {
        return rows == Rows.QUARANTINE;
    }
}
