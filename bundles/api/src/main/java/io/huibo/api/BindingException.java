package io.huibo.api;

/** A binding or pool operation refused; nothing was changed. */
public class BindingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, in the API's error codes. */
    public enum Reason { INVALID_REQUEST, NOT_FOUND, NO_AVAILABLE_NUMBER, BIND_CONFLICT, NUMBER_IN_USE }

    private final Reason reason;

    public BindingException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
