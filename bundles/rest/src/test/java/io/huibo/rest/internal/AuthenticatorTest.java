package io.huibo.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import io.huibo.api.ApiKey;
import io.huibo.api.Right;
import io.huibo.api.TenantService;
import io.huibo.api.spi.NonceStore;

class AuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String SECRET = "a-long-enough-secret";
    private static final ApiKey KEY = new ApiKey("k_1", "t1", Set.of(Right.CALLS), NOW, null);

    /** Key ids the fake store was asked about: a lookup is the costly part. */
    private final List<String> lookups = new ArrayList<>();
    private final List<String> nonces = new ArrayList<>();
    private final TenantService tenants = (TenantService) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {TenantService.class}, (proxy, method, args) -> {
                if (!method.getName().equals("verify")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                lookups.add((String) args[0]);
                return Optional.of(KEY).filter(k -> k.id().equals(args[0])
                        && java.util.Arrays.equals(hmac((byte[]) args[1]), (byte[]) args[2]));
            });

    private Authenticator authenticator(double perSecond, int burst) {
        NonceStore store = (keyId, nonce, now, forgetBefore) -> {
            boolean first = !nonces.contains(keyId + " " + nonce);
            nonces.add(keyId + " " + nonce);
            return first;
        };
        return new Authenticator(tenants, store, new RateLimiter(perSecond, burst), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aWellSignedRequestPassesOnceAndSpendsItsNonce() {
        Authenticator authenticator = authenticator(1000, 2000);
        assertEquals(KEY, authenticator.authenticate("GET", "/api/v1/numbers", signed("k_1", now(), "nonce-0001"), new byte[0]));
        assertEquals(List.of("k_1 nonce-0001"), nonces);
        assertUnauthorized(authenticator, signed("k_1", now(), "nonce-0001"));
    }

    @Test
    void malformedHeadersAre401WithoutAnyLookup() {
        Authenticator authenticator = authenticator(1000, 2000);
        String now = now();
        String sig = signed("k_1", now, "nonce-0001").signature();
        List<Authenticator.Headers> malformed = List.of(
                new Authenticator.Headers(null, now, "nonce-0001", sig),
                new Authenticator.Headers("k_1'; DROP TABLE", now, "nonce-0001", sig),
                new Authenticator.Headers("k".repeat(41), now, "nonce-0001", sig),
                new Authenticator.Headers("", now, "nonce-0001", sig),
                new Authenticator.Headers("k_1", "+" + now, "nonce-0001", sig),
                new Authenticator.Headers("k_1", " " + now, "nonce-0001", sig),
                new Authenticator.Headers("k_1", now + ".0", "nonce-0001", sig),
                new Authenticator.Headers("k_1", "1".repeat(13), "nonce-0001", sig),
                new Authenticator.Headers("k_1", now, "short", sig),
                new Authenticator.Headers("k_1", now, "n".repeat(65), sig),
                new Authenticator.Headers("k_1", now, "nonce with spaces", sig),
                new Authenticator.Headers("k_1", now, "nonce-\u00e9\u00e9\u00e9", sig),
                new Authenticator.Headers("k_1", now, "nonce-0001", "AAAA"),
                new Authenticator.Headers("k_1", now, "nonce-0001", sig.substring(0, 43) + "A"),
                new Authenticator.Headers("k_1", now, "nonce-0001", sig.replace('+', '-').replace('/', '_')
                        .replace('A', '-')));
        for (Authenticator.Headers headers : malformed) {
            assertUnauthorized(authenticator, headers);
        }
        assertEquals(List.of(), lookups, "no key was looked up");
        assertEquals(List.of(), nonces, "no nonce was spent");
    }

    @Test
    void timestampsFarFromNowAreRefusedWhateverTheirSize() {
        long now = NOW.getEpochSecond();
        for (long far : new long[] {now - 301, now + 301, 0, now - (1L << 62), Long.MAX_VALUE, Long.MIN_VALUE,
                now - Long.MAX_VALUE - 1, now + Long.MAX_VALUE, now - 1 - Long.MAX_VALUE}) {
            assertFalse(Authenticator.withinSkew(now, far), "refused: " + far);
        }
        for (long near : new long[] {now, now - 300, now + 300}) {
            assertTrue(Authenticator.withinSkew(now, near), "accepted: " + near);
        }
        // now − 2^63, as a client would send it, signed: refused before any lookup
        Authenticator authenticator = authenticator(1000, 2000);
        String wrapped = Long.toString(now - Long.MAX_VALUE - 1);
        assertUnauthorized(authenticator, signed("k_1", wrapped, "nonce-0002"));
        assertUnauthorized(authenticator, signed("k_1", "99999999999", "nonce-0003"));
        assertEquals(List.of(), lookups);
    }

    @Test
    void aKeyOverItsRateGets429AndSpendsNoNonce() {
        Authenticator authenticator = authenticator(0.001, 1);
        authenticator.authenticate("GET", "/api/v1/numbers", signed("k_1", now(), "nonce-0001"), new byte[0]);
        ApiException limited = assertThrows(ApiException.class,
                () -> authenticator.authenticate("GET", "/api/v1/numbers", signed("k_1", now(), "nonce-0002"), new byte[0]));
        assertEquals(429, limited.status);
        assertEquals("RATE_LIMITED", limited.code);
        assertTrue(Long.parseLong(limited.retryAfter) >= 1);
        assertEquals(List.of("k_1 nonce-0001"), nonces, "the refused request's nonce stays unspent");
    }

    private static String now() {
        return Long.toString(NOW.getEpochSecond());
    }

    private static Authenticator.Headers signed(String keyId, String timestamp, String nonce) {
        byte[] canonical = Authenticator.canonical("GET", "/api/v1/numbers", timestamp, nonce, new byte[0]);
        return new Authenticator.Headers(keyId, timestamp, nonce, Base64.getEncoder().encodeToString(hmac(canonical)));
    }

    private static byte[] hmac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertUnauthorized(Authenticator authenticator, Authenticator.Headers headers) {
        ApiException refused = assertThrows(ApiException.class,
                () -> authenticator.authenticate("GET", "/api/v1/numbers", headers, new byte[0]), headers.toString());
        assertEquals(401, refused.status, headers.toString());
        assertEquals("UNAUTHORIZED", refused.code);
    }
}
