package io.huibo.web.internal;

/** A button request refused for what it is, not for its token: the HTTP status and an error code. */
final class ButtonRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;

    ButtonRequestException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
