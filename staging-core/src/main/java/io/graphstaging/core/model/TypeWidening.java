package io.graphstaging.core.model;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which engine types hold every value of another without loss, the rule of {@code evolve}
 * contracts. Integers widen to wider integers (an unsigned one to a signed one with a bit more),
 * to DOUBLE up to 32 bits and to FLOAT up to 16, and to a DECIMAL with enough integer digits;
 * FLOAT widens to DOUBLE; two DECIMALs meet at the larger integer digits and the larger scale
 * (DuckDB's rule) while that fits 38 digits; DATE widens to TIMESTAMP. Text, booleans and every
 * other pair have no common type: changing them would change what the column means.
 */
public final class TypeWidening {
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");
    private static final int MAX_DECIMAL_DIGITS = 38;

    /** Integer types: bits, whether signed, decimal digits needed. */
    private record IntType(int bits, boolean signed, int digits) {}

    private static final Map<String, IntType> INTEGERS = Map.of(
            "TINYINT", new IntType(8, true, 3), "SMALLINT", new IntType(16, true, 5),
            "INTEGER", new IntType(32, true, 10), "BIGINT", new IntType(64, true, 19),
            "HUGEINT", new IntType(128, true, 39), "UTINYINT", new IntType(8, false, 3),
            "USMALLINT", new IntType(16, false, 5), "UINTEGER", new IntType(32, false, 10),
            "UBIGINT", new IntType(64, false, 20));
    private static final Map<Integer, String> SIGNED_BY_BITS = Map.of(8, "TINYINT", 16, "SMALLINT", 32, "INTEGER",
            64, "BIGINT", 128, "HUGEINT");
    private static final Map<Integer, String> UNSIGNED_BY_BITS = Map.of(8, "UTINYINT", 16, "USMALLINT", 32, "UINTEGER",
            64, "UBIGINT");

    private TypeWidening() {}

    /** The narrowest type holding every value of both exactly; empty when there is none. */
    public static Optional<String> commonType(String first, String second) {
        String a = normal(first);
        String b = normal(second);
        if (a.equals(b)) {
            return Optional.of(a);
        }
        Optional<String> ordered = ordered(a, b);
        return ordered.isPresent() ? ordered : ordered(b, a);
    }

    /** Whether every value of {@code from} fits {@code to} exactly (a cast that never fails nor rounds). */
    public static boolean widensInto(String from, String to) {
        return commonType(from, to).map(t -> t.equals(normal(to))).orElse(false);
    }

    /** The type name in the engine's spelling: upper case, no spaces. */
    public static String normal(String type) {
        return type.toUpperCase(Locale.ROOT).replace(" ", "");
    }

    /** The common type, trying only {@code a} as the narrower or first kind of the pair. */
    private static Optional<String> ordered(String a, String b) {
        IntType ia = INTEGERS.get(a);
        IntType ib = INTEGERS.get(b);
        if (ia != null && ib != null) {
            return Optional.ofNullable(integers(ia, ib));
        }
        if (ia != null && (b.equals("FLOAT") || b.equals("DOUBLE"))) {
            int mantissa = b.equals("FLOAT") ? 24 : 53;
            int needed = ia.signed() ? ia.bits() - 1 : ia.bits();
            if (needed <= mantissa) {
                return Optional.of(b);
            }
            return b.equals("FLOAT") && needed <= 53 ? Optional.of("DOUBLE") : Optional.empty();
        }
        if (a.equals("FLOAT") && b.equals("DOUBLE")) {
            return Optional.of("DOUBLE");
        }
        Matcher db = DECIMAL.matcher(b);
        if (db.matches()) {
            Matcher da = DECIMAL.matcher(a);
            if (da.matches()) {
                return decimal(Integer.parseInt(da.group(1)), Integer.parseInt(da.group(2)),
                        Integer.parseInt(db.group(1)), Integer.parseInt(db.group(2)));
            }
            if (ia != null) {
                return decimal(ia.digits(), 0, Integer.parseInt(db.group(1)), Integer.parseInt(db.group(2)));
            }
        }
        if (a.equals("DATE") && b.equals("TIMESTAMP")) {
            return Optional.of("TIMESTAMP");
        }
        return Optional.empty();
    }

    private static String integers(IntType a, IntType b) {
        if (a.signed() == b.signed()) {
            return (a.signed() ? SIGNED_BY_BITS : UNSIGNED_BY_BITS).get(Math.max(a.bits(), b.bits()));
        }
        IntType unsigned = a.signed() ? b : a;
        IntType signed = a.signed() ? a : b;
        int bits = Math.max(signed.bits(), unsigned.bits() * 2);
        return SIGNED_BY_BITS.get(bits); // null past 128 bits: no common type
    }

    private static Optional<String> decimal(int p1, int s1, int p2, int s2) {
        int scale = Math.max(s1, s2);
        int digits = Math.max(p1 - s1, p2 - s2) + scale;
        return digits > MAX_DECIMAL_DIGITS ? Optional.empty() : Optional.of("DECIMAL(" + digits + "," + scale + ")");
    }
}
