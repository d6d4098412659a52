package io.huibo.rest.internal;

import com.google.gson.JsonObject;

/**
 * An answer: a status and a JSON body, none for 204; {@code location} names what a POST made,
 * {@code retryAfter} the seconds a refused client should wait.
 */
record Reply(int status, JsonObject body, String location, String retryAfter) {

    Reply(int status, JsonObject body, String location) {
        this(status, body, location, null);
    }

    static Reply ok(JsonObject body) {
        return new Reply(200, body, null);
    }

    static Reply created(JsonObject body, String location) {
        return new Reply(201, body, location);
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }

    Reply withRetryAfter(String seconds) {
        return new Reply(status, body, location, seconds);
    }
}
