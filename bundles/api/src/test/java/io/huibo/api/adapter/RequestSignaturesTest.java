package io.huibo.api.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RequestSignaturesTest {
    private static final String SECRET = "vendor-secret";
    private static final String TARGET = "/adapters/ktv/bookings/events?store=1";
    private static final byte[] BODY = "{\"eventId\": \"e1\"}".getBytes(StandardCharsets.UTF_8);
    private final Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private final RequestSignatures signatures = new RequestSignatures("X-Ktv", SECRET, Clock.fixed(now, ZoneOffset.UTC));

    @Test
    void aRequestSignedWithTheSecretGetsInAndNamesItsNonce() {
        AdapterRequest request = request("POST", TARGET, BODY, signed("POST", TARGET, BODY, now.getEpochSecond()));
        assertTrue(signatures.accepts(request));
        assertEquals(Optional.of("nonce-0001"), signatures.nonce(request));
    }

    @Test
    void theSignatureCoversMethodTargetQueryBodyAndNonce() {
        Map<String, String> headers = signed("POST", TARGET, BODY, now.getEpochSecond());
        assertFalse(signatures.accepts(request("PUT", TARGET, BODY, headers)));
        assertFalse(signatures.accepts(request("POST", "/adapters/ktv/room-service/button-token?store=1", BODY, headers)));
        assertFalse(signatures.accepts(request("POST", "/adapters/ktv/bookings/events?store=2", BODY, headers)));
        assertFalse(signatures.accepts(request("POST", TARGET, "{}".getBytes(StandardCharsets.UTF_8), headers)));
        Map<String, String> otherNonce = new HashMap<>(headers);
        otherNonce.put("x-ktv-nonce", "nonce-0002");
        assertFalse(signatures.accepts(request("POST", TARGET, BODY, otherNonce)));
        Map<String, String> otherSecret = lowerCase(new RequestSignatures("X-Ktv", "another").sign("POST", TARGET, BODY,
                now.getEpochSecond(), "nonce-0001"));
        assertFalse(signatures.accepts(request("POST", TARGET, BODY, otherSecret)));
    }

    @Test
    void aTimestampOutsideTheWindowIsRefusedWithoutOverflow() {
        long seconds = now.getEpochSecond();
        assertTrue(signatures.accepts(request("POST", TARGET, BODY, signed("POST", TARGET, BODY, seconds - 300))));
        assertTrue(signatures.accepts(request("POST", TARGET, BODY, signed("POST", TARGET, BODY, seconds + 300))));
        assertFalse(signatures.accepts(request("POST", TARGET, BODY, signed("POST", TARGET, BODY, seconds - 301))));
        assertFalse(signatures.accepts(request("POST", TARGET, BODY, signed("POST", TARGET, BODY, seconds + 301))));
        // now − 2^63 wraps to a number near now in naive |now − t| arithmetic
        assertFalse(signatures.accepts(request("POST", TARGET, BODY, signed("POST", TARGET, BODY, seconds + Long.MIN_VALUE))));
        assertFalse(signatures.accepts(request("POST", TARGET, BODY, signed("POST", TARGET, BODY, Long.MIN_VALUE))));
    }

    @Test
    void missingHeadersABadNonceOrNoSecretAreRefused() {
        Map<String, String> headers = signed("POST", TARGET, BODY, now.getEpochSecond());
        for (String name : headers.keySet()) {
            Map<String, String> missing = new HashMap<>(headers);
            missing.remove(name);
            assertFalse(signatures.accepts(request("POST", TARGET, BODY, missing)), name);
        }
        Map<String, String> shortNonce = lowerCase(signatures.sign("POST", TARGET, BODY, now.getEpochSecond(), "short"));
        assertFalse(signatures.accepts(request("POST", TARGET, BODY, shortNonce)));
        assertFalse(new RequestSignatures("X-Ktv", "", Clock.fixed(now, ZoneOffset.UTC))
                .accepts(request("POST", TARGET, BODY, headers)));
    }

    private Map<String, String> signed(String method, String target, byte[] body, long timestamp) {
        return lowerCase(signatures.sign(method, target, body, timestamp, "nonce-0001"));
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }

    private static AdapterRequest request(String method, String target, byte[] body, Map<String, String> headers) {
        return new AdapterRequest(method, "bookings/events", Map.of(), headers, body, target);
    }
}
