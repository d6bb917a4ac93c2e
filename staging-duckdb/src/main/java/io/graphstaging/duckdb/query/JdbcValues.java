package io.graphstaging.duckdb.query;

import io.graphstaging.core.model.IntervalValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBStruct;

/** Turns the driver's values into the JDK types results promise (no java.sql types cross the port). */
final class JdbcValues {
    /** One part of the driver's INTERVAL text: {@code 2 years}, {@code -3 days}, {@code 04:05:06.000007}. */
    private static final Pattern INTERVAL_PART = Pattern.compile(
            "(-?\\d+) (year|month|day)s?|(-?)(\\d+):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?");

    private JdbcValues() {}

    /**
     * The exact interval of the driver's INTERVAL text ({@code 1 year 2 months 3 days 04:05:06.000007}),
     * which is the only form the driver gives an INTERVAL column in.
     *
     * @throws IllegalArgumentException for text of another form
     */
    static IntervalValue interval(String text) {
        int months = 0;
        int days = 0;
        long micros = 0;
        Matcher part = INTERVAL_PART.matcher(text.strip());
        int end = 0;
        while (part.find()) {
            if (!text.strip().substring(end, part.start()).isBlank()) {
                throw new IllegalArgumentException("Not an interval: " + text);
            }
            end = part.end();
            if (part.group(1) != null) {
                int n = Integer.parseInt(part.group(1));
                switch (part.group(2)) {
                    case "year" -> months += n * 12;
                    case "month" -> months += n;
                    default -> days += n;
                }
            } else {
                String fraction = part.group(7) == null ? "" : part.group(7);
                long time = (Long.parseLong(part.group(4)) * 3600 + Long.parseLong(part.group(5)) * 60
                        + Long.parseLong(part.group(6))) * 1_000_000
                        + (fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000").substring(0, 6)));
                micros += part.group(3).isEmpty() ? time : -time;
            }
        }
        if (end != text.strip().length()) {
            throw new IllegalArgumentException("Not an interval: " + text);
        }
        return new IntervalValue(months, days, micros);
    }

    static Object toJdk(Object value) throws SQLException {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Long
                || value instanceof Integer || value instanceof Double || value instanceof BigDecimal
                || value instanceof BigInteger || value instanceof byte[]) {
            return value;
        }
        if (value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toLocalDateTime();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        if (value instanceof Temporal) {
            return value;
        }
        if (value instanceof UUID uuid) {
            return uuid.toString();
        }
        if (value instanceof Array array) {
            Object[] items = (Object[]) array.getArray();
            List<Object> list = new ArrayList<>(items.length);
            for (Object item : items) {
                list.add(toJdk(item));
            }
            return list;
        }
        if (value instanceof DuckDBStruct struct) {
            return toJdk(struct.getMap());
        }
        if (value instanceof Struct struct) {
            List<Object> list = new ArrayList<>();
            for (Object item : struct.getAttributes()) {
                list.add(toJdk(item));
            }
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), toJdk(e.getValue()));
            }
            return out;
        }
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        }
        return value.toString();
    }
}
