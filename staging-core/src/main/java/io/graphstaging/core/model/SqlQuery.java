package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * User SQL with positional parameters ({@code ?}), bound by the engine, never spliced in.
 *
 * @param parameters values of JSON kinds: String, Number, Boolean or null
 */
public record SqlQuery(String sql, List<Object> parameters) {
    public static final int MAX_SQL_LENGTH = 100_000;

    public SqlQuery {
        if (sql == null || sql.isBlank()) {
            throw new StagingException(ErrorCode.INVALID_SQL, "The SQL statement must not be empty");
        }
        if (sql.length() > MAX_SQL_LENGTH) {
            throw new StagingException(ErrorCode.INVALID_SQL,
                    "The SQL statement is longer than " + MAX_SQL_LENGTH + " characters");
        }
        parameters = parameters == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(parameters));
        for (Object p : parameters) {
            if (p != null && !(p instanceof String) && !(p instanceof Number) && !(p instanceof Boolean)) {
                throw new StagingException(ErrorCode.INVALID_PARAMETER,
                        "Query parameters must be strings, numbers, booleans or null, not " + p.getClass().getSimpleName());
            }
        }
    }
}
