package io.huibo.api.json;

/** A body that is not strict JSON, or not the JSON object asked for; the message says why. */
public class InvalidJsonException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidJsonException(String message) {
        super(message);
    }
}
