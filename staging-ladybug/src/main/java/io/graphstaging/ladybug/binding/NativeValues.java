package io.graphstaging.ladybug.binding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Java values of engine values, made from the raw parts the glue reads (lbug_jni.cpp calls
 * these methods; their names and signatures are part of the JNI contract). Text always crosses as
 * UTF-8 bytes, never as JNI's modified UTF-8.
 */
final class NativeValues {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private NativeValues() {}

    static String string(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static LadybugException exception(byte[] message) {
        return new LadybugException(string(message));
    }

    /** A signed 128-bit integer from its two halves (also DECIMAL's unscaled value). */
    static BigInteger signed128(long low, long high) {
        return BigInteger.valueOf(high).shiftLeft(64).add(unsigned64(low));
    }

    static BigInteger unsigned128(long low, long high) {
        return unsigned64(high).shiftLeft(64).add(unsigned64(low));
    }

    static BigInteger unsigned64(long value) {
        BigInteger v = BigInteger.valueOf(value);
        return value >= 0 ? v : v.add(TWO_TO_64);
    }

    static BigDecimal decimal(long low, long high, int scale) {
        return new BigDecimal(signed128(low, high), scale);
    }

    /** A timestamp counted in units of 1/{@code unitsPerSecond} s since 1970-01-01T00:00Z. */
    static Instant instant(long value, long unitsPerSecond) {
        long nanosPerUnit = 1_000_000_000L / unitsPerSecond;
        return Instant.ofEpochSecond(Math.floorDiv(value, unitsPerSecond), Math.floorMod(value, unitsPerSecond) * nanosPerUnit);
    }

    static Interval interval(int months, int days, long micros) {
        return new Interval(months, days, micros);
    }

    static UUID uuid(byte[] text) {
        return UUID.fromString(string(text));
    }

    static List<Object> list(Object[] values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** A STRUCT as a map in field order. */
    static Map<String, Object> struct(byte[][] names, Object[] values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            fields.put(string(names[i]), values[i]);
        }
        return Collections.unmodifiableMap(fields);
    }

    /** A MAP in entry order. */
    static Map<Object, Object> map(Object[] keys, Object[] values) {
        Map<Object, Object> entries = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            entries.put(keys[i], values[i]);
        }
        return Collections.unmodifiableMap(entries);
    }

    static InternalId internalId(long table, long offset) {
        return new InternalId(table, offset);
    }

    static Node node(InternalId id, String label, byte[][] names, Object[] values) {
        return new Node(id, label, struct(names, values));
    }

    static Relationship relationship(InternalId id, InternalId source, InternalId destination, String label,
                                     byte[][] names, Object[] values) {
        return new Relationship(id, source, destination, label, struct(names, values));
    }
}
