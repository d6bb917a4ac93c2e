package io.graphstaging.ladybug.binding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A parameter value as the glue reads it (lbug_jni.cpp, {@code toEngineValue}): its engine type
 * as {@code kind} and its raw parts, so that every decision about Java types is made here. The
 * field names and kinds are part of the JNI contract.
 *
 * @param kind     one of the constants below
 * @param a        integer payload: the value, days, microseconds, the low 64 bits, or months
 * @param b        second integer payload: the high 64 bits, or days of an interval
 * @param c        third payload: a DECIMAL's scale, or an interval's microseconds in {@code a}
 * @param p        a DECIMAL's precision
 * @param x        a DOUBLE's value
 * @param bytes    UTF-8 text or BLOB bytes
 * @param children a LIST's elements or a STRUCT's fields
 * @param names    a STRUCT's field names (UTF-8)
 */
record EngineParameter(int kind, long a, long b, int c, int p, double x, byte[] bytes, EngineParameter[] children,
                       byte[][] names) {
    static final int NULL = 0;
    static final int INT64 = 1;
    static final int DOUBLE = 2;
    static final int BOOL = 3;
    static final int STRING = 4;
    static final int DATE = 5;
    static final int TIMESTAMP = 6;
    static final int TIMESTAMP_TZ = 7;
    static final int DECIMAL = 8;
    static final int INT128 = 9;
    static final int BLOB = 10;
    static final int UUID_KIND = 11;
    static final int INTERVAL = 12;
    static final int LIST = 13;
    static final int STRUCT = 14;
    static final int INTERNAL_ID = 15;

    private static final int MAX_DECIMAL_PRECISION = 38;
    private static final BigInteger INT128_MIN = BigInteger.ONE.shiftLeft(127).negate();
    private static final BigInteger INT128_MAX = BigInteger.ONE.shiftLeft(127).subtract(BigInteger.ONE);

    private static EngineParameter of(int kind, long a, long b) {
        return new EngineParameter(kind, a, b, 0, 0, 0, null, null, null);
    }

    /**
     * The engine value of a Java value: {@code null}; Long, Integer, Short, Byte (INT64); Double,
     * Float (DOUBLE); Boolean; String; LocalDate (DATE); Instant and LocalDateTime as UTC
     * (TIMESTAMP); OffsetDateTime (TIMESTAMP_TZ); BigDecimal (DECIMAL of its precision and scale);
     * BigInteger (INT128); byte[] (BLOB); UUID; {@link Interval}; {@link InternalId}; List (LIST of
     * its elements' one type); Map with String keys (STRUCT in the map's order).
     *
     * @throws LadybugException naming the parameter when the value has no exact engine counterpart
     */
    static EngineParameter of(String name, Object value) {
        if (value == null) {
            return of(NULL, 0, 0);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return of(INT64, ((Number) value).longValue(), 0);
        }
        if (value instanceof Double || value instanceof Float) {
            return new EngineParameter(DOUBLE, 0, 0, 0, 0, ((Number) value).doubleValue(), null, null, null);
        }
        if (value instanceof Boolean bool) {
            return of(BOOL, bool ? 1 : 0, 0);
        }
        if (value instanceof String text) {
            return new EngineParameter(STRING, 0, 0, 0, 0, 0, NativeValues.utf8(text), null, null);
        }
        if (value instanceof LocalDate date) {
            return of(DATE, date.toEpochDay(), 0);
        }
        if (value instanceof Instant instant) {
            return of(TIMESTAMP, micros(name, instant), 0);
        }
        if (value instanceof LocalDateTime dateTime) {
            return of(TIMESTAMP, micros(name, dateTime.toInstant(ZoneOffset.UTC)), 0);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return of(TIMESTAMP_TZ, micros(name, dateTime.toInstant()), 0);
        }
        if (value instanceof BigDecimal decimal) {
            return decimal(name, decimal);
        }
        if (value instanceof BigInteger integer) {
            if (integer.compareTo(INT128_MIN) < 0 || integer.compareTo(INT128_MAX) > 0) {
                throw new LadybugException("Parameter " + name + " is " + integer + ", outside INT128");
            }
            return of(INT128, integer.longValue(), integer.shiftRight(64).longValue());
        }
        if (value instanceof byte[] bytes) {
            return new EngineParameter(BLOB, 0, 0, 0, 0, 0, bytes.clone(), null, null);
        }
        if (value instanceof UUID uuid) {
            // The engine stores a UUID as an INT128 with the top bit flipped (ordering as text).
            return of(UUID_KIND, uuid.getLeastSignificantBits(), uuid.getMostSignificantBits() ^ Long.MIN_VALUE);
        }
        if (value instanceof Interval interval) {
            return new EngineParameter(INTERVAL, interval.micros(), interval.days(), interval.months(), 0, 0, null, null, null);
        }
        if (value instanceof InternalId id) {
            return of(INTERNAL_ID, id.table(), id.offset());
        }
        if (value instanceof List<?> list) {
            EngineParameter[] elements = new EngineParameter[list.size()];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = of(name + "[" + i + "]", list.get(i));
            }
            return new EngineParameter(LIST, 0, 0, 0, 0, 0, null, elements, null);
        }
        if (value instanceof Map<?, ?> map) {
            List<byte[]> fieldNames = new ArrayList<>();
            List<EngineParameter> fields = new ArrayList<>();
            for (Map.Entry<?, ?> field : map.entrySet()) {
                if (!(field.getKey() instanceof String key)) {
                    throw new LadybugException("Parameter " + name + " is a map with a key that is not a String ("
                            + field.getKey() + "); only maps of field names (STRUCT) can be bound");
                }
                fieldNames.add(NativeValues.utf8(key));
                fields.add(of(name + "." + key, field.getValue()));
            }
            return new EngineParameter(STRUCT, 0, 0, 0, 0, 0, null, fields.toArray(EngineParameter[]::new),
                    fieldNames.toArray(byte[][]::new));
        }
        throw new LadybugException("Parameter " + name + " has unsupported parameter type " + value.getClass().getName());
    }

    private static long micros(String name, Instant instant) {
        if (instant.getNano() % 1000 != 0) {
            throw new LadybugException("Parameter " + name + " is " + instant
                    + ", finer than the microseconds the engine's timestamps keep");
        }
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
        } catch (ArithmeticException e) {
            throw new LadybugException("Parameter " + name + " is " + instant + ", outside the engine's timestamps", e);
        }
    }

    private static EngineParameter decimal(String name, BigDecimal decimal) {
        // A negative scale (1E+3) is a whole number: give it scale 0.
        BigDecimal exact = decimal.scale() < 0 ? decimal.setScale(0) : decimal;
        int precision = Math.max(exact.precision(), exact.scale() + 1);
        if (precision > MAX_DECIMAL_PRECISION) {
            throw new LadybugException("Parameter " + name + " is " + decimal.toPlainString() + ", with more than "
                    + MAX_DECIMAL_PRECISION + " digits (the engine's DECIMAL limit)");
        }
        BigInteger unscaled = exact.unscaledValue();
        return new EngineParameter(DECIMAL, unscaled.longValue(), unscaled.shiftRight(64).longValue(), exact.scale(),
                precision, 0, null, null, null);
    }
}
