package io.graphstaging.core.task;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Arrays;
import java.util.Locale;

/** The wire form of the task enums: the constant's name in lowercase ({@code materialize_graph}). */
final class WireNames {
    private WireNames() {
    }

    static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** @throws StagingException {@code INVALID_PARAMETER} naming the accepted values */
    static <E extends Enum<E>> E parse(E[] values, String value, String what) {
        for (E constant : values) {
            if (of(constant).equals(value)) {
                return constant;
            }
        }
        throw new StagingException(ErrorCode.INVALID_PARAMETER, "Invalid " + what + " '" + value + "': expected one of "
                + Arrays.stream(values).map(WireNames::of).toList());
    }
}
