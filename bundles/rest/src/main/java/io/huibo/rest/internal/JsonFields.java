package io.huibo.rest.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.huibo.api.InvalidNumberException;
import io.huibo.api.PhoneNumber;

/** Typed reads of a request body's fields: null when absent or null, a 400 when of the wrong type. */
final class JsonFields {

    private JsonFields() {
    }

    /** A phone number in E.164 or the national format of {@code region}; INVALID_NUMBER if it is none. */
    static PhoneNumber number(JsonObject body, String field, String region, boolean required) {
        String text = string(body, field);
        if (text == null) {
            if (required) {
                throw ApiException.invalidRequest(field + " is required");
            }
            return null;
        }
        return number(field, text, region);
    }

    static PhoneNumber number(String what, String text, String region) {
        try {
            return PhoneNumber.parse(text, region);
        } catch (InvalidNumberException e) {
            throw new ApiException(400, "INVALID_NUMBER", what + ": " + e.getMessage());
        }
    }

    static String string(JsonObject body, String field) {
        JsonElement value = body.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw ApiException.invalidRequest(field + " must be a string");
        }
        return value.getAsString();
    }

    static Integer integer(JsonObject body, String field) {
        JsonElement value = body.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            JsonPrimitive number = value.getAsJsonPrimitive();
            double d = number.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                return (int) d;
            }
        }
        throw ApiException.invalidRequest(field + " must be a whole number");
    }
}
