package io.graphstaging.core.usecase;

import io.graphstaging.core.error.ErrorCode;
import io.graphstaging.core.error.StagingException;

/** The bounds of a page of kept-aside rows ({@link ListQuarantine}, {@link ListRejects}). */
final class PageBounds {
    /** The largest page. */
    static final int MAX_LIMIT = 10_000;

    private PageBounds() {
    }

    /** @throws StagingException {@code INVALID_PARAMETER} unless 1 &le; limit &le; {@link #MAX_LIMIT} and offset &ge; 0 */
    static void check(long limit, long offset) {
        if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
            throw new StagingException(ErrorCode.INVALID_PARAMETER, "limit must be 1 to " + MAX_LIMIT
                    + " and offset at least 0; got limit " + limit + ", offset " + offset);
        }
    }
}
