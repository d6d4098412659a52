package io.huibo.rest.internal;

/**
 * A request the API refuses: the HTTP status and the error code of the contract, and for a
 * client that should come back later, the seconds it should wait.
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    /** Seconds for the Retry-After header, or null. */
    final String retryAfter;

    ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiException(int status, String code, String message, String retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static ApiException rateLimited(String message, long retryAfterSeconds) {
        return new ApiException(429, "RATE_LIMITED", message, Long.toString(retryAfterSeconds));
    }

    static ApiException overloaded(String message, long retryAfterSeconds) {
        return new ApiException(503, "OVERLOADED", message, Long.toString(retryAfterSeconds));
    }

    static ApiException invalidRequest(String message) {
        return new ApiException(400, "INVALID_REQUEST", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NOT_FOUND", message);
    }

    static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(405, "METHOD_NOT_ALLOWED", method + " is not allowed here; use " + allowed);
    }

    static void requireMethod(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed(method, allowed);
        }
    }
}
