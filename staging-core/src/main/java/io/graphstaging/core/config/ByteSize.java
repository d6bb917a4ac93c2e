package io.graphstaging.core.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A size in bytes, written the one way every size setting takes: a number with an optional
 * unit, decimal ({@code KB MB GB TB}: powers of 1000) or binary ({@code KiB MiB GiB TiB}: powers
 * of 1024), as DuckDB reads them; no unit or {@code B} means bytes. Units are not case sensitive.
 * Examples: {@code 536870912}, {@code 512MiB}, {@code 2GB}, {@code 1.5GiB}.
 */
public record ByteSize(long bytes) {
    private static final Pattern SYNTAX = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)");
    private static final Map<String, Long> UNITS = Map.of(
            "", 1L, "b", 1L,
            "kb", 1000L, "mb", 1000L * 1000, "gb", 1000L * 1000 * 1000, "tb", 1000L * 1000 * 1000 * 1000,
            "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30, "tib", 1L << 40);

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("A size cannot be negative: " + bytes);
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    public static ByteSize ofMebibytes(long mebibytes) {
        return new ByteSize(Math.multiplyExact(mebibytes, 1L << 20));
    }

    public static ByteSize ofGibibytes(long gibibytes) {
        return new ByteSize(Math.multiplyExact(gibibytes, 1L << 30));
    }

    /** Parses the size syntax; empty when the text is not a size (or too large for a long). */
    public static Optional<ByteSize> parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            return Optional.empty();
        }
        try {
            BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
            return Optional.of(new ByteSize(bytes.setScale(0, RoundingMode.DOWN).longValueExact()));
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }

    /** The size in the largest binary unit that divides it, e.g. {@code 512MiB}; bytes otherwise. */
    @Override
    public String toString() {
        String[] names = {"TiB", "GiB", "MiB", "KiB"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < names.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + names[i];
            }
        }
        return bytes + "B";
    }
}
