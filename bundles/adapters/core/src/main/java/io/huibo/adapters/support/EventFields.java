package io.huibo.adapters.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.huibo.api.InvalidNumberException;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.json.InvalidJsonException;
import io.huibo.api.json.StrictJson;

/**
 * The fields of a vendor system's JSON body, each refused with a 400 that names it when missing or
 * malformed, so that a bad request is turned away before anything changes.
 */
public final class EventFields {
    /** Ids end up in scheduler keys and ledger rows: keep them short. */
    private static final int MAX_ID_LENGTH = 64;

    private final JsonObject json;

    private EventFields(JsonObject json) {
        this.json = json;
    }

    /** The body as one strict JSON object (see {@link StrictJson}); a 400 INVALID_REQUEST if it is not. */
    public static EventFields parse(String body) throws AdapterException {
        try {
            return new EventFields(StrictJson.parseObject(body));
        } catch (InvalidJsonException e) {
            throw AdapterException.invalid(e.getMessage());
        }
    }

    /** A required text field. */
    public String text(String name) throws AdapterException {
        String value = optionalText(name);
        if (value == null) {
            throw AdapterException.invalid(name + " is required");
        }
        return value;
    }

    /** A text field, or null when absent or blank. */
    public String optionalText(String name) throws AdapterException {
        JsonElement value = json.get(name);
        if (value == null || value.isJsonNull()) {
            return null;
        }
        if (!value.isJsonPrimitive()) {
            throw AdapterException.invalid(name + " must be a string");
        }
        String text = value.getAsString().trim();
        return text.isEmpty() ? null : text;
    }

    /** A required id: at most 64 characters. */
    public String id(String name) throws AdapterException {
        String value = text(name);
        if (value.length() > MAX_ID_LENGTH) {
            throw AdapterException.invalid(name + " is longer than " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    /** A required ISO-8601 time with an offset, e.g. {@code 2026-03-01T20:00:00+08:00}. */
    public Instant time(String name) throws AdapterException {
        String value = text(name);
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw AdapterException.invalid(name + " is not an ISO-8601 time with an offset");
        }
    }

    /** A required phone number, in E.164 or the tenant's national format. */
    public PhoneNumber phone(String name, String region) throws AdapterException {
        String value = text(name);
        try {
            return PhoneNumber.parse(value, region);
        } catch (InvalidNumberException e) {
            throw new AdapterException(400, "INVALID_NUMBER", name + ": " + e.getMessage());
        }
    }
}
