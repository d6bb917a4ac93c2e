package io.graphstaging.duckdb.query;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Binds a query's parameters exactly or refuses them ({@code INVALID_PARAMETER}, naming the
 * parameter by its 1-based position). Refused, because DuckDB would bind them silently wrong: a
 * count that differs from the statement's placeholders (a missing one becomes NULL), a number
 * beyond DuckDB's exact DECIMAL (38 digits, which becomes NULL), a number that is not finite
 * (a JSON {@code 1e400} arrives as infinity).
 */
final class QueryParameters {
    /** DuckDB's DECIMAL holds at most this many digits, before and after the point together. */
    static final int MAX_DIGITS = 38;

    private QueryParameters() {}

    static void bind(PreparedStatement ps, List<Object> parameters) throws SQLException {
        int expected = ps.getParameterMetaData().getParameterCount();
        if (parameters.size() != expected) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "The query has " + expected + " parameter"
                    + (expected == 1 ? "" : "s") + " but " + parameters.size() + (parameters.size() == 1 ? " value was"
                    : " values were") + " given");
        }
        for (int i = 0; i < parameters.size(); i++) {
            bind(ps, i + 1, parameters.get(i));
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof String s) {
            if (s.indexOf('\0') >= 0) {
                throw refused(index, "contains a NUL character");
            }
            ps.setString(index, s);
        } else if (value instanceof Boolean b) {
            ps.setBoolean(index, b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            ps.setLong(index, ((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw refused(index, "is not a finite number (a number too large for a double arrives as infinity)");
            }
            ps.setDouble(index, d);
        } else if (value instanceof BigInteger big) {
            bindExact(ps, index, new BigDecimal(big));
        } else if (value instanceof BigDecimal big) {
            bindExact(ps, index, big);
        } else {
            throw refused(index, "is a " + value.getClass().getSimpleName() + ", not a string, number, boolean or null");
        }
    }

    /** Integers that fit a BIGINT go as one; other numbers as a DECIMAL of at most 38 digits. */
    private static void bindExact(PreparedStatement ps, int index, BigDecimal value) throws SQLException {
        BigDecimal plain = value.stripTrailingZeros();
        if (plain.scale() <= 0) {
            BigInteger integer = plain.toBigIntegerExact();
            if (integer.bitLength() < Long.SIZE) {
                ps.setLong(index, integer.longValueExact());
                return;
            }
            plain = plain.setScale(0);
        }
        if (plain.precision() > MAX_DIGITS || plain.scale() > MAX_DIGITS) {
            throw refused(index, "has more digits than the " + MAX_DIGITS + " a DECIMAL holds exactly");
        }
        ps.setBigDecimal(index, plain);
    }

    private static StagingException refused(int index, String why) {
        return new StagingException(ErrorCode.INVALID_PARAMETER, "Query parameter " + index + " " + why);
    }
}
