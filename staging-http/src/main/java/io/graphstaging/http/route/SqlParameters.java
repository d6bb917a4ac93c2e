package io.graphstaging.http.route;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code parameters} of a query body as values for the query port. JSON numbers arrive exact
 * (integers as Integer, Long or BigInteger; fractions as BigDecimal): integers go on as they are
 * (the store binds them exactly or refuses them), fractions as doubles, and a fraction a double
 * cannot hold is refused here, naming it, instead of becoming Infinity or zero: beyond the range
 * of a double ({@code 1e400}) or too small to be told from zero ({@code 1e-400}).
 */
final class SqlParameters {
    private static final int ECHO_CHARS = 40;

    private SqlParameters() {}

    static List<Object> of(List<Object> json) {
        if (json == null) {
            return List.of();
        }
        List<Object> bound = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            bound.add(value(i, json.get(i)));
        }
        return bound;
    }

    private static Object value(int index, Object value) {
        if (value instanceof Integer small) {
            return small.longValue();
        }
        if (value instanceof BigDecimal decimal) {
            double d = decimal.doubleValue();
            if (Double.isInfinite(d)) {
                throw refused(index, value, "is beyond the range of a double");
            }
            if (d == 0 && decimal.signum() != 0) {
                throw refused(index, value, "is too close to zero for a double");
            }
            return d;
        }
        return value;
    }

    private static StagingException refused(int index, Object value, String why) {
        String text = value.toString();
        String echo = text.length() > ECHO_CHARS ? text.substring(0, ECHO_CHARS) + "..." : text;
        return new StagingException(ErrorCode.INVALID_PARAMETER, "Query parameter " + (index + 1) + " (" + echo + ") "
                + why + "; pass it as a string and cast it in the SQL");
    }
}
