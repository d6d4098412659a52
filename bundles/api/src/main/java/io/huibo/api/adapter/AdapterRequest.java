package io.huibo.api.adapter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A request to an adapter's endpoint, its body read whole (within Huibo's size limit): {@code path}
 * relative to the adapter's root, and {@code target} the path from the server's root with the query,
 * as the client sent them (e.g. {@code /adapters/ktv/bookings/events?x=1}), which signatures cover.
 */
public record AdapterRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
        byte[] body, String target) {

    public AdapterRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
        body = body.clone();
        Objects.requireNonNull(target, "target");
    }

    /** A request whose target is its relative path: for schemes that sign the body alone. */
    public AdapterRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
            byte[] body) {
        this(method, path, query, headers, body, path);
    }

    /** A header by its name in any case, or null. Names are kept in lower case. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The first value of a query parameter, or null. */
    public String parameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
