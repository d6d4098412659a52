package io.huibo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.ApiKey;
import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Right;
import io.huibo.api.Tenant;

class BindingJsonTest {
    private static final Tenant TENANT = new Tenant("t1", "T1", "CN", null, Instant.EPOCH, null);
    private static final Caller MASKED = new Caller(new ApiKey("k", "t1", Set.of(Right.BINDINGS), Instant.EPOCH, null), TENANT);
    private static final Caller REVEALED = new Caller(new ApiKey("k", "t1", Set.of(Right.BINDINGS, Right.REVEAL),
            Instant.EPOCH, null), TENANT);
    private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

    private static JsonObject json(String text) {
        return JsonParser.parseString(text).getAsJsonObject();
    }

    private static void assertRefused(String body, String code) {
        ApiException e = assertThrows(ApiException.class, () -> BindingJson.request(json(body), "t1", "CN"));
        assertEquals(400, e.status);
        assertEquals(code, e.code);
    }

    @Test
    void readsTheContractsExampleInNationalFormat() {
        BindingRequest r = BindingJson.request(json("{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"13900139000\","
                + " \"ttlSeconds\": 7200, \"city\": \"0571\", \"direction\": \"a-to-b\", \"orderId\": \"order-9\", \"x\": null}"),
                "t1", "CN");
        assertEquals(new BindingRequest("t1", BindingMode.AXB, PhoneNumber.ofE164("+8613800138000"),
                PhoneNumber.ofE164("+8613900139000"), 7200, "0571", Direction.A_TO_B, "order-9", null), r);
    }

    @Test
    void refusesMissingOrMistypedFieldsAndBadNumbers() {
        assertRefused("{\"a\": \"13800138000\", \"ttlSeconds\": 60}", "INVALID_REQUEST");
        assertRefused("{\"mode\": \"AXC\", \"a\": \"13800138000\", \"ttlSeconds\": 60}", "INVALID_REQUEST");
        assertRefused("{\"mode\": \"AXN\", \"a\": \"13800138000\"}", "INVALID_REQUEST");
        assertRefused("{\"mode\": \"AXN\", \"a\": \"13800138000\", \"ttlSeconds\": \"long\"}", "INVALID_REQUEST");
        assertRefused("{\"mode\": \"AXN\", \"a\": \"13800138000\", \"ttlSeconds\": 60, \"direction\": \"up\"}", "INVALID_REQUEST");
        assertRefused("{\"mode\": \"AXN\", \"a\": \"1380013\", \"ttlSeconds\": 60}", "INVALID_NUMBER");
        assertRefused("{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"12\", \"ttlSeconds\": 60}", "INVALID_NUMBER");
    }

    @Test
    void showsXWholeThePartiesMaskedAndTheState() {
        Binding binding = new Binding("b_1", "t1", BindingMode.AXB, PhoneNumber.ofE164("+8657188880001"),
                PhoneNumber.ofE164("+8613800138000"), PhoneNumber.ofE164("+8613900139000"), Direction.BOTH, "order-9",
                "0571", true, T, T.plusSeconds(60), null);
        JsonObject json = BindingJson.of(binding, T, MASKED);
        assertEquals("+8657188880001", json.get("x").getAsString());
        assertEquals("+86138****8000", json.get("a").getAsString());
        assertEquals("+86139****9000", json.get("b").getAsString());
        assertEquals("both", json.get("direction").getAsString());
        assertTrue(json.get("cityFallback").getAsBoolean());
        assertEquals("2026-11-23T08:01:00.000Z", json.get("expiresAt").getAsString());
        assertTrue(json.get("deletedAt").isJsonNull());
        assertEquals("active", json.get("state").getAsString());
        assertEquals("expired", BindingJson.of(binding, T.plusSeconds(60), MASKED).get("state").getAsString());
        assertFalse(json.toString().contains("13800138000"));
        assertEquals("+8613800138000", BindingJson.of(binding, T, REVEALED).get("a").getAsString());
    }

    @Test
    void aPatchMayChangeAnyOfItsFields() {
        BindingJson.Changes changes = BindingJson.changes(json("{\"ttlSeconds\": 30}"), "CN");
        assertNull(changes.b());
        assertEquals(30, changes.ttlSeconds());
        assertEquals(Direction.B_TO_A, BindingJson.changes(json("{\"direction\": \"b-to-a\"}"), "CN").direction());
    }
}
