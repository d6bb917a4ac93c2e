package io.graphstaging.http.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The one writer of query values in JSON answers (both query routes, JSON, NDJSON and SSE), as
 * the HTTP API's "Values in JSON answers" says: DECIMAL as exact strings ({@code "1234.50"}), NaN
 * and infinities as {@code null}, integers beyond 2^53 (what a JSON reader's double holds
 * exactly) as strings, dates and times as ISO 8601 strings, intervals as ISO 8601 durations
 * ({@code "P1D"}), BLOB as base64, UUID as text; lists and maps value by value.
 */
public final class QueryValueSerializer extends StdSerializer<Object> {
    /** The largest integer every JSON reader holds exactly (2^53). */
    static final long MAX_EXACT_INTEGER = 1L << 53;
    private static final BigInteger MAX_EXACT = BigInteger.valueOf(MAX_EXACT_INTEGER);
    private static final BigInteger MIN_EXACT = MAX_EXACT.negate();

    public QueryValueSerializer() {
        super(Object.class);
    }

    @Override
    public void serialize(Object value, JsonGenerator out, SerializerProvider provider) throws IOException {
        write(value, out);
    }

    /** Writes one value (anything a query result holds) to {@code out}. */
    public static void write(Object value, JsonGenerator out) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String s) {
            out.writeString(s);
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            if (Math.abs(n) <= MAX_EXACT_INTEGER && n != Long.MIN_VALUE) {
                out.writeNumber(n);
            } else {
                out.writeString(Long.toString(n));
            }
        } else if (value instanceof BigInteger big) {
            if (big.compareTo(MAX_EXACT) <= 0 && big.compareTo(MIN_EXACT) >= 0) {
                out.writeNumber(big.longValue());
            } else {
                out.writeString(big.toString());
            }
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isFinite(d)) {
                if (value instanceof Float f) {
                    out.writeNumber(f);
                } else {
                    out.writeNumber(d);
                }
            } else {
                out.writeNull();
            }
        } else if (value instanceof BigDecimal decimal) {
            out.writeString(decimal.toPlainString());
        } else if (value instanceof byte[] bytes) {
            out.writeString(Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object item : list) {
                write(item, out);
            }
            out.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            out.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.writeFieldName(String.valueOf(e.getKey()));
                write(e.getValue(), out);
            }
            out.writeEndObject();
        } else {
            out.writeString(text(value));
        }
    }

    /** Dates and times in full ISO 8601 (seconds always shown); anything else as its text (UUID, interval). */
    private static String text(Object value) {
        if (value instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        if (value instanceof LocalTime t) {
            return DateTimeFormatter.ISO_LOCAL_TIME.format(t);
        }
        if (value instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (value instanceof ZonedDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (value instanceof OffsetTime t) {
            return DateTimeFormatter.ISO_OFFSET_TIME.format(t);
        }
        if (value instanceof Instant t) {
            return DateTimeFormatter.ISO_INSTANT.format(t);
        }
        if (value instanceof LocalDate d) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(d);
        }
        return value.toString();
    }
}
