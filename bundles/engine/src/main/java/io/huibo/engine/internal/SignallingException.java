package io.huibo.engine.internal;

/** A SIP request could not be sent. */
final class SignallingException extends Exception {
    private static final long serialVersionUID = 1L;

    SignallingException(String message, Throwable cause) {
        super(message, cause);
    }
}
