package io.huibo.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import io.huibo.api.ApiKey;
import io.huibo.api.TenantService;

/**
 * Checks a request's signature as the contract specifies: HMAC-SHA256 with the key's secret over
 * METHOD, path with query, timestamp, nonce and the body's SHA-256, each on its own line. A
 * timestamp more than {@link #MAX_SKEW_SECONDS} away, or a nonce the key used before, is refused,
 * so a captured request cannot be sent again. Every refusal is a 401 whose message says what to fix.
 */
final class Authenticator {
    static final long MAX_SKEW_SECONDS = 300;

    private final TenantService tenants;
    private final NonceStore nonces;
    private final Clock clock;

    Authenticator(TenantService tenants, NonceStore nonces, Clock clock) {
        this.tenants = tenants;
        this.nonces = nonces;
        this.clock = clock;
    }

    /** The request's headers, as sent. */
    record Headers(String keyId, String timestamp, String nonce, String signature) {
    }

    /**
     * @param pathWithQuery the request's path and, after {@code ?}, its query, as sent
     * @throws ApiException 401 UNAUTHORIZED for any failure
     */
    ApiKey authenticate(String method, String pathWithQuery, Headers headers, byte[] body) {
        if (headers.keyId() == null || headers.timestamp() == null || headers.nonce() == null
                || headers.signature() == null) {
            throw unauthorized("missing X-Huibo-Key, X-Huibo-Timestamp, X-Huibo-Nonce or X-Huibo-Signature");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(headers.timestamp());
        } catch (NumberFormatException e) {
            throw unauthorized("X-Huibo-Timestamp is not Unix seconds");
        }
        Instant now = clock.instant();
        if (Math.abs(now.getEpochSecond() - timestamp) > MAX_SKEW_SECONDS) {
            throw unauthorized("X-Huibo-Timestamp is more than " + MAX_SKEW_SECONDS + " s from the server's clock");
        }
        int nonceLength = headers.nonce().length();
        if (nonceLength < 8 || nonceLength > 64) {
            throw unauthorized("X-Huibo-Nonce must be 8 to 64 characters");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(headers.signature());
        } catch (IllegalArgumentException e) {
            throw unauthorized("X-Huibo-Signature is not Base64");
        }
        byte[] canonical = canonical(method, pathWithQuery, headers.timestamp(), headers.nonce(), body);
        ApiKey key = tenants.verify(headers.keyId(), canonical, signature)
                .orElseThrow(() -> unauthorized("the signature does not match an active key"));
        // only a verified request spends its nonce, so forged ones cannot fill the store
        if (!nonces.firstUse(key.id(), headers.nonce(), now, now.minusSeconds(2 * MAX_SKEW_SECONDS))) {
            throw unauthorized("this nonce was used before");
        }
        return key;
    }

    /** The text the contract has clients sign. */
    static byte[] canonical(String method, String pathWithQuery, String timestamp, String nonce, byte[] body) {
        return (method + "\n" + pathWithQuery + "\n" + timestamp + "\n" + nonce + "\n" + sha256Hex(body))
                .getBytes(StandardCharsets.UTF_8);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static ApiException unauthorized(String why) {
        return new ApiException(401, "UNAUTHORIZED", "the request is not signed by an active API key (" + why + ")");
    }
}
