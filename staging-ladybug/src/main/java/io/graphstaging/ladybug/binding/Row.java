package io.graphstaging.ladybug.binding;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;

/**
 * One result row. Values are {@code null}, {@link Long} (all integer types), {@link Double}
 * (DOUBLE, FLOAT), {@link Boolean}, {@link String}, {@link LocalDate} (DATE), {@link Instant}
 * (TIMESTAMP) or, for other types, the engine's text form as a {@link String}.
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
