package io.huibo.api;

/** A callback request that the engine refuses before placing any call; nothing was stored. */
public class CallbackRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, in words fit for an API error code. */
    public enum Reason { INVALID_NUMBER, INVALID_REQUEST, OVERLOADED, POLICY_BLOCKED }

    private final Reason reason;

    public CallbackRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
