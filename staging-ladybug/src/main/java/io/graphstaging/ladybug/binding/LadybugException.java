package io.graphstaging.ladybug.binding;

/**
 * An error of the LadybugDB engine or of the binding's use (a closed object, a missing native
 * library). The graph sink translates it into a domain error at its boundary.
 */
public class LadybugException extends RuntimeException {
    public LadybugException(String message) {
        super(message);
    }

    public LadybugException(String message, Throwable cause) {
        super(message, cause);
    }
}
