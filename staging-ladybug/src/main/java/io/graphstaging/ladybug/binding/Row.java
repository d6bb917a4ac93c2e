package io.graphstaging.ladybug.binding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One result row. Values by engine type ({@code null} for NULL):
 * <ul>
 *   <li>INT8, INT16, INT32, INT64, SERIAL, UINT8, UINT16, UINT32: {@link Long}</li>
 *   <li>UINT64, INT128, UINT128: {@link BigInteger}</li>
 *   <li>DOUBLE, FLOAT: {@link Double} (a FLOAT widens exactly)</li>
 *   <li>DECIMAL(p, s): {@link BigDecimal} with scale s, exact</li>
 *   <li>BOOL: {@link Boolean}; STRING: {@link String}; BLOB: {@code byte[]}; UUID: {@link UUID}</li>
 *   <li>DATE: {@link LocalDate}; TIMESTAMP, TIMESTAMP_TZ (UTC), TIMESTAMP_MS, TIMESTAMP_NS,
 *       TIMESTAMP_SEC: {@link Instant}; INTERVAL: {@link Interval}</li>
 *   <li>LIST, ARRAY: unmodifiable {@link List}; STRUCT: unmodifiable {@link Map} of field name to
 *       value in field order; MAP: unmodifiable {@link Map} in entry order</li>
 *   <li>INTERNAL_ID: {@link InternalId}; NODE: {@link Node}; REL: {@link Relationship}</li>
 *   <li>other types (paths, UNION): the engine's text form as a {@link String}</li>
 * </ul>
 */
public record Row(List<String> columnNames, List<Object> values) {
    public Row {
        columnNames = List.copyOf(columnNames);
        values = Collections.unmodifiableList(values);
    }

    public Object get(int index) {
        return values.get(index);
    }

    public Object get(String column) {
        int index = columnNames.indexOf(column);
        if (index < 0) {
            throw new LadybugException("No column " + column + " in " + columnNames);
        }
        return values.get(index);
    }

    public boolean isNull(int index) {
        return values.get(index) == null;
    }

    public long getLong(int index) {
        return typed(index, Long.class);
    }

    public double getDouble(int index) {
        return typed(index, Double.class);
    }

    public BigInteger getBigInteger(int index) {
        return typed(index, BigInteger.class);
    }

    public BigDecimal getBigDecimal(int index) {
        return typed(index, BigDecimal.class);
    }

    public byte[] getBytes(int index) {
        return typed(index, byte[].class);
    }

    public UUID getUuid(int index) {
        return typed(index, UUID.class);
    }

    public Interval getInterval(int index) {
        return typed(index, Interval.class);
    }

    @SuppressWarnings("unchecked")
    public List<Object> getList(int index) {
        return typed(index, List.class);
    }

    /** A STRUCT's fields or a MAP's entries. */
    @SuppressWarnings("unchecked")
    public <K> Map<K, Object> getMap(int index) {
        return typed(index, Map.class);
    }

    public boolean getBoolean(int index) {
        return typed(index, Boolean.class);
    }

    public String getString(int index) {
        return typed(index, String.class);
    }

    public LocalDate getDate(int index) {
        return typed(index, LocalDate.class);
    }

    public Instant getTimestamp(int index) {
        return typed(index, Instant.class);
    }

    private <T> T typed(int index, Class<T> type) {
        Object value = values.get(index);
        if (value == null) {
            throw new LadybugException("Column " + columnNames.get(index) + " is NULL");
        }
        if (!type.isInstance(value)) {
            throw new LadybugException("Column " + columnNames.get(index) + " holds a "
                    + value.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(value);
    }
}
