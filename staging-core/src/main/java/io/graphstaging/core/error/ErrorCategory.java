package io.graphstaging.core.error;

/**
 * What kind of failure an {@link ErrorCode} is. The edge maps codes (not categories) to
 * statuses; the category tells a library user whether retrying or fixing the input helps.
 */
public enum ErrorCategory {
    /** The caller's input is wrong; fixing the input helps, retrying does not. */
    USER,
    /** Something named by the caller does not exist. */
    NOT_FOUND,
    /** The caller may not do this (sandbox, auth). */
    FORBIDDEN,
    /**
     * Another operation holds what this one needs (retrying later helps), or what the call would
     * create already exists (retrying does not).
     */
    CONFLICT,
    /** A dependency (object store, registry) failed or refused. */
    EXTERNAL,
    /** A limit was reached or the platform is shutting down; retrying later helps. */
    UNAVAILABLE,
    /** A bug or an unexpected state inside the platform. */
    INTERNAL
}
