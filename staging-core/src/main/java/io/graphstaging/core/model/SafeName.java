package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.regex.Pattern;

/** The one rule for names that end up in paths and SQL identifiers: {@code ^[A-Za-z0-9_-]{1,128}$}. */
final class SafeName {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private SafeName() {}

    static String require(String value, ErrorCode code, String message) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw new StagingException(code, message);
        }
        return value;
    }
}
