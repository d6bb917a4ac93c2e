package io.graphstaging.http.api;

import io.graphstaging.core.model.SchemaContract;
import java.util.Optional;

/**
 * A table's {@code schema_contract}: {@code columns} is {@code freeze} or {@code evolve},
 * {@code rows} is {@code reject_file} or {@code quarantine}. In a request a field left out keeps
 * its default (create, append) or the table's value (PATCH).
 */
public record SchemaContractBody(String columns, String rows) {
    public static SchemaContractBody of(SchemaContract contract) {
        return new SchemaContractBody(contract.columns().wireName(), contract.rows().wireName());
    }

    /** The contract this body gives, its missing fields from {@code base}; a wrong value is a 400. */
    public SchemaContract over(SchemaContract base) {
        return base.with(Optional.ofNullable(columns), Optional.ofNullable(rows));
    }
}
