package io.huibo.api.adapter;

import java.util.Objects;

/**
 * One inbound endpoint of an adapter: {@code method} on {@code /adapters/{vendor}/{path}}, let in
 * by {@code auth}, answered by {@code handler}. A request {@code auth} refuses gets 401 and never
 * reaches the handler.
 */
public record Endpoint(String method, String path, VendorAuth auth, Handler handler) {

    public Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(handler, "handler");
        if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("..")) {
            throw new IllegalArgumentException("an endpoint's path is relative, e.g. bookings/events");
        }
    }

    /** Answers an authenticated request. */
    @FunctionalInterface
    public interface Handler {
        /** @throws AdapterException for a request it refuses: answered with the exception's status and code */
        AdapterResponse handle(AdapterRequest request) throws AdapterException;
    }
}
