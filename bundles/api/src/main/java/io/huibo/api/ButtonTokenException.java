package io.huibo.api;

/** A button token refused, at minting or at use; nothing was placed or recorded. */
public class ButtonTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why, in words fit for an API error code. */
    public enum Reason {
        /** The mint request is not acceptable, such as a time to live over the cap. */
        INVALID_REQUEST,
        /** The binding to scope the token to is not active. */
        NOT_FOUND,
        /** Not a token of this server: malformed, altered, or signed with another key. */
        INVALID_TOKEN,
        TOKEN_EXPIRED,
        /** The token has already placed its one callback. */
        TOKEN_USED
    }

    private final Reason reason;

    public ButtonTokenException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
