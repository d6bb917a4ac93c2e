package io.graphstaging.core.model;

/**
 * An engine INTERVAL, exact: months, days and microseconds are kept apart, as the engines do
 * (a month is not a fixed number of days). {@link #toString()} is ISO 8601, e.g.
 * {@code P1Y2M3DT4H5M6.000007S}, {@code P1D}, {@code PT0S}.
 */
public record IntervalValue(int months, int days, long micros) {

    @Override
    public String toString() {
        if (months == 0 && days == 0 && micros == 0) {
            return "PT0S";
        }
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
        if (micros != 0) {
            iso.append('T');
            long hours = micros / 3_600_000_000L;
            long minutes = micros % 3_600_000_000L / 60_000_000L;
            long microsOfMinute = micros % 60_000_000L;
            if (hours != 0) {
                iso.append(hours).append('H');
            }
            if (minutes != 0) {
                iso.append(minutes).append('M');
            }
            if (microsOfMinute != 0) {
                iso.append(seconds(microsOfMinute)).append('S');
            }
        }
        return iso.toString();
    }

    private static String seconds(long micros) {
        String sign = micros < 0 ? "-" : "";
        long abs = Math.abs(micros);
        long whole = abs / 1_000_000;
        long fraction = abs % 1_000_000;
        if (fraction == 0) {
            return sign + whole;
        }
        String digits = String.format("%06d", fraction).replaceAll("0+$", "");
        return sign + whole + "." + digits;
    }
}
