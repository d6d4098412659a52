package io.huibo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonParser;

import io.huibo.api.CallbackRequest;

class CallbackRequestJsonTest {
    /** The webhook bundle's policy is tested there; here, one that takes only the ERP's own URL. */
    private static final WebhookUrl WEBHOOK_URL = new WebhookUrl(url -> url.startsWith("https://erp.example/")
            ? Optional.empty() : Optional.of("points to a loopback address"));

    private static CallbackRequest parse(String json) {
        return CallbackRequestJson.parse(JsonParser.parseString(json).getAsJsonObject(), "t1", "CN", WEBHOOK_URL);
    }

    private static void assertRefused(String json, int status, String code) {
        ApiException e = assertThrows(ApiException.class, () -> parse(json));
        assertEquals(status, e.status);
        assertEquals(code, e.code);
    }

    @Test
    void readsEveryFieldOfTheContract() {
        CallbackRequest r = parse("{\"from\": \"13800138000\", \"to\": \"010-6552 9988\", \"display\": \"+8657188880000\","
                + " \"ringTimeoutSeconds\": 20, \"maxDurationSeconds\": 600, \"userData\": \"booking-42\","
                + " \"statusCallbackUrl\": \"https://erp.example/huibo-events\"}");
        assertEquals("+8613800138000", r.from().e164());
        assertEquals("+861065529988", r.to().e164());
        assertEquals("+8657188880000", r.display().e164());
        assertEquals(20, r.ringTimeoutSeconds());
        assertEquals(600, r.maxDurationSeconds());
        assertEquals("booking-42", r.userData());
        assertEquals("https://erp.example/huibo-events", r.statusCallbackUrl());
        assertEquals("t1", r.tenantId());
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        CallbackRequest r = parse("{\"from\": \"13800138000\", \"to\": \"13900139000\", \"display\": null}");
        assertNull(r.display());
        assertNull(r.ringTimeoutSeconds());
        assertNull(r.userData());
    }

    @Test
    void refusesMissingFieldsWrongTypesAndBadNumbers() {
        assertRefused("{\"to\": \"13900139000\"}", 400, "INVALID_REQUEST");
        assertRefused("{\"from\": 13800138000, \"to\": \"13900139000\"}", 400, "INVALID_REQUEST");
        assertRefused("{\"from\": \"13800138000\", \"to\": \"1390013\"}", 400, "INVALID_NUMBER");
        assertRefused("{\"from\": \"13800138000\", \"to\": \"13900139000\", \"ringTimeoutSeconds\": 2.5}", 400, "INVALID_REQUEST");
        assertRefused("{\"from\": \"13800138000\", \"to\": \"13900139000\", \"userData\": \"" + "x".repeat(1025) + "\"}",
                400, "INVALID_REQUEST");
    }

    @Test
    void aStatusCallbackUrlThePolicyRefusesIsA400SayingWhy() {
        ApiException e = assertThrows(ApiException.class, () -> parse(
                "{\"from\": \"13800138000\", \"to\": \"13900139000\", \"statusCallbackUrl\": \"http://127.0.0.1:8101/\"}"));
        assertEquals(400, e.status);
        assertEquals("INVALID_REQUEST", e.code);
        assertEquals("statusCallbackUrl points to a loopback address", e.getMessage());
    }
}
