package io.huibo.api.adapter;

/**
 * A vendor request an adapter refuses: answered with {@code status} and the API's error body
 * ({@code {"error": {"code": …, "message": …}}}), and nothing changed.
 */
public class AdapterException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public AdapterException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static AdapterException invalid(String message) {
        return new AdapterException(400, "INVALID_REQUEST", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
