package io.huibo.rest.internal;

import com.google.gson.JsonObject;

/** A resource's answer: a status and a JSON body, none for 204; {@code location} names what a POST made. */
record Reply(int status, JsonObject body, String location) {

    static Reply ok(JsonObject body) {
        return new Reply(200, body, null);
    }

    static Reply created(JsonObject body, String location) {
        return new Reply(201, body, location);
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }
}
