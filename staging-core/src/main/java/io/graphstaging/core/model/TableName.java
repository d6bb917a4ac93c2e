package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;

/**
 * A staging or graph table name. Valid by construction: {@code ^[A-Za-z0-9_-]{1,128}$}.
 * Adapters still quote it as an identifier; validation is the first fence, quoting the second.
 */
public record TableName(String value) {
    public TableName {
        SafeName.require(value, ErrorCode.INVALID_TABLE_NAME,
                "Invalid table name. Only alphanumeric, underscore, and hyphen allowed.");
    }

    public static TableName of(String value) {
        return new TableName(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
