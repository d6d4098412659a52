package io.huibo.api;

/** A string that is not a dialable phone number in E.164 or the given national format. */
public class InvalidNumberException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidNumberException(String message) {
        super(message);
    }
}
