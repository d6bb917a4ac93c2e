package io.graphstaging.core.model;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;
import java.util.Arrays;
import java.util.Locale;

/**
 * An enum whose constants travel as their lower-case names ({@code completed}, {@code node}),
 * on the wire and in the registry: one spelling and one parser for every such enum.
 */
public interface WireName {
    /** The constant's name; implemented by every enum. */
    String name();

    /** The wire form: the name in lower case. */
    default String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} whose wire form is {@code value}.
     *
     * @param what names the value in the error, e.g. {@code upload_status}
     * @throws StagingException {@code INVALID_REQUEST} naming the accepted values
     */
    static <E extends Enum<E> & WireName> E parse(Class<E> type, String value, String what) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(value)) {
                return constant;
            }
        }
        throw new StagingException(ErrorCode.INVALID_REQUEST, "Invalid " + what + " '" + value + "': expected one of "
                + Arrays.stream(type.getEnumConstants()).map(WireName::wireName).toList());
    }
}
