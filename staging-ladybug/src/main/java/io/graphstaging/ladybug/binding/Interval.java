package io.graphstaging.ladybug.binding;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;

/**
 * An engine INTERVAL: months, days and microseconds, kept apart as the engine keeps them (a month
 * is not a fixed number of days, nor a day of hours across a daylight-saving change).
 * {@link #toString()} is its ISO 8601 duration, e.g. {@code P1Y2M3DT4H5M6.000007S}.
 */
public record Interval(int months, int days, long micros) {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    /** The months and days part. */
    public Period period() {
        return Period.of(0, months, days).normalized();
    }

    /** The time part. */
    public Duration duration() {
        return Duration.ofSeconds(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }

    /** ISO 8601, each part with its own sign (as {@link Period} and {@link Duration} print them). */
    @Override
    public String toString() {
        StringBuilder iso = new StringBuilder("P");
        int years = months / 12;
        int restMonths = months % 12;
        if (years != 0) {
            iso.append(years).append('Y');
        }
        if (restMonths != 0) {
            iso.append(restMonths).append('M');
        }
        if (days != 0) {
            iso.append(days).append('D');
        }
        if (micros != 0 || iso.length() == 1) {
            iso.append('T');
            long hours = micros / (3600 * MICROS_PER_SECOND);
            long minutes = micros % (3600 * MICROS_PER_SECOND) / (60 * MICROS_PER_SECOND);
            long secondMicros = micros % (60 * MICROS_PER_SECOND);
            if (hours != 0) {
                iso.append(hours).append('H');
            }
            if (minutes != 0) {
                iso.append(minutes).append('M');
            }
            if (secondMicros != 0 || (hours == 0 && minutes == 0)) {
                iso.append(BigDecimal.valueOf(secondMicros, 6).stripTrailingZeros().toPlainString()).append('S');
            }
        }
        return iso.toString();
    }
}
