package ${package}.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.huibo.api.InvalidNumberException;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.json.InvalidJsonException;
import io.huibo.api.json.StrictJson;

/**
 * One event as ${vendorName} posts it, checked whole before anything acts on it:
 * <pre>
 * {"eventId": "evt-1001", "type": "booking.created", "bookingId": "b-42", "storeId": "s1",
 *  "customer": "13900139000", "callAt": "2025-06-01T18:45:00Z"}
 * {"eventId": "evt-1002", "type": "booking.cancelled", "bookingId": "b-42"}
 * </pre>
 * {@code storeId}, {@code customer} and {@code callAt} are null for a cancellation.
 */
public record ${vendorName}Event(String eventId, String type, String bookingId, String storeId, PhoneNumber customer,
        Instant callAt) {

    /** @throws AdapterException 400 INVALID_REQUEST naming what is wrong */
    public static ${vendorName}Event parse(String body, String region) throws AdapterException {
        JsonObject json;
        try {
            // strict: no comments, single quotes or trailing content, and no name given twice
            json = StrictJson.parseObject(body);
        } catch (InvalidJsonException e) {
            throw AdapterException.invalid(e.getMessage());
        }
        String eventId = text(json, "eventId");
        String type = text(json, "type");
        String bookingId = text(json, "bookingId");
        switch (type) {
            case ${vendorName}Constants.BOOKING_CANCELLED:
                return new ${vendorName}Event(eventId, type, bookingId, null, null, null);
            case ${vendorName}Constants.BOOKING_CREATED:
                return new ${vendorName}Event(eventId, type, bookingId, text(json, "storeId"),
                        number(text(json, "customer"), region), instant(text(json, "callAt")));
            default:
                throw AdapterException.invalid("unknown event type: " + type);
        }
    }

    private static String text(JsonObject json, String field) throws AdapterException {
        JsonElement value = json.get(field);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()
                || value.getAsString().isBlank()) {
            throw AdapterException.invalid(field + " must be a non-empty string");
        }
        return value.getAsString();
    }

    private static PhoneNumber number(String text, String region) throws AdapterException {
        try {
            return PhoneNumber.parse(text, region);
        } catch (InvalidNumberException e) {
            // the message never holds the number itself
            throw new AdapterException(400, "INVALID_NUMBER", "customer: " + e.getMessage());
        }
    }

    private static Instant instant(String text) throws AdapterException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw AdapterException.invalid("callAt must be an ISO-8601 instant, e.g. 2025-06-01T18:45:00Z");
        }
    }
}
