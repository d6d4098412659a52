package io.huibo.api.adapter;

/** An adapter endpoint's answer. */
public record AdapterResponse(int status, String contentType, String body) {

    public static AdapterResponse json(int status, String json) {
        return new AdapterResponse(status, "application/json", json);
    }

    public static AdapterResponse noContent() {
        return new AdapterResponse(204, null, null);
    }
}
