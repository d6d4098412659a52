package io.huibo.api;

/** A tenant or key request refused: the id is taken or unknown, or the request is malformed. */
public class TenantException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason { NOT_FOUND, CONFLICT, INVALID_REQUEST }

    private final Reason reason;

    public TenantException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
