package io.huibo.rest.internal;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.huibo.api.CallbackRequest;
import io.huibo.api.InvalidNumberException;
import io.huibo.api.PhoneNumber;

/** Reads the body of {@code POST /api/v1/callbacks}, refusing anything the contract does not allow. */
final class CallbackRequestJson {
    private static final int MAX_USER_DATA = 1024;

    private CallbackRequestJson() {
    }

    static CallbackRequest parse(JsonObject body, String region) {
        CallbackRequest.Builder request = CallbackRequest.builder(number(body, "from", region, true),
                number(body, "to", region, true));
        request.display(number(body, "display", region, false));
        request.ringTimeoutSeconds(integer(body, "ringTimeoutSeconds"));
        request.maxDurationSeconds(integer(body, "maxDurationSeconds"));
        String userData = string(body, "userData");
        if (userData != null && userData.length() > MAX_USER_DATA) {
            throw ApiException.invalidRequest("userData is longer than " + MAX_USER_DATA + " characters");
        }
        request.userData(userData);
        return request.build();
    }

    private static PhoneNumber number(JsonObject body, String field, String region, boolean required) {
        String text = string(body, field);
        if (text == null) {
            if (required) {
                throw ApiException.invalidRequest(field + " is required");
            }
            return null;
        }
        try {
            return PhoneNumber.parse(text, region);
        } catch (InvalidNumberException e) {
            throw new ApiException(400, "INVALID_NUMBER", field + ": " + e.getMessage());
        }
    }

    private static String string(JsonObject body, String field) {
        JsonElement value = body.get(field);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw ApiException.invalidRequest(field + " must be a string");
        }
        return value.getAsString();
    }

    private static Integer integer(JsonObject body, String field) {
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
