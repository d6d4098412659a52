package io.huibo.rest.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.huibo.api.ApiKey;
import io.huibo.api.TenantService;
import io.huibo.api.spi.NonceStore;

/**
 * Checks a request's signature as the contract specifies: HMAC-SHA256 with the key's secret over
 * METHOD, path with query, timestamp, nonce and the body's SHA-256, each on its own line. A
 * timestamp more than {@link #MAX_SKEW_SECONDS} away, or a nonce the key used before, is refused,
 * so a captured request cannot be sent again. The headers' shapes are checked before anything is
 * looked up, and the key's rate limit before its nonce is spent. Every refusal is a 401 whose
 * message says what to fix, but for a key over its rate: 429.
 */
final class Authenticator {
    static final long MAX_SKEW_SECONDS = 300;
    /** The store's syntax of key ids: anything else cannot be a key, and costs no lookup. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    /** Unix seconds; twelve digits reach the year 33658, and cannot overflow a long. */
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern NONCE = Pattern.compile("[\\x21-\\x7E]{8,64}");
    /** Base64 of an HMAC-SHA256: 32 bytes. */
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9+/]{43}=");

    private final TenantService tenants;
    private final NonceStore nonces;
    private final RateLimiter rateLimiter;
    private final Clock clock;

    Authenticator(TenantService tenants, NonceStore nonces, RateLimiter rateLimiter, Clock clock) {
        this.tenants = tenants;
        this.nonces = nonces;
        this.rateLimiter = rateLimiter;
        this.clock = clock;
    }

    /** The request's headers, as sent. */
    record Headers(String keyId, String timestamp, String nonce, String signature) {
    }

    /**
     * @param pathWithQuery the request's path and, after {@code ?}, its query, as sent
     * @throws ApiException 401 UNAUTHORIZED for any failure, 429 RATE_LIMITED for a key over its rate
     */
    ApiKey authenticate(String method, String pathWithQuery, Headers headers, byte[] body) {
        if (headers.keyId() == null || headers.timestamp() == null || headers.nonce() == null
                || headers.signature() == null) {
            throw unauthorized("missing X-Huibo-Key, X-Huibo-Timestamp, X-Huibo-Nonce or X-Huibo-Signature");
        }
        if (!KEY_ID.matcher(headers.keyId()).matches()) {
            throw unauthorized("X-Huibo-Key is not a key id: 1 to 40 letters, digits, - or _");
        }
        if (!TIMESTAMP.matcher(headers.timestamp()).matches()) {
            throw unauthorized("X-Huibo-Timestamp is not Unix seconds");
        }
        Instant now = clock.instant();
        if (!withinSkew(now.getEpochSecond(), Long.parseLong(headers.timestamp()))) {
            throw unauthorized("X-Huibo-Timestamp is more than " + MAX_SKEW_SECONDS + " s from the server's clock");
        }
        if (!NONCE.matcher(headers.nonce()).matches()) {
            throw unauthorized("X-Huibo-Nonce must be 8 to 64 visible ASCII characters");
        }
        if (!SIGNATURE.matcher(headers.signature()).matches()) {
            throw unauthorized("X-Huibo-Signature is not the Base64 of an HMAC-SHA256 (44 characters)");
        }
        byte[] signature = Base64.getDecoder().decode(headers.signature());
        byte[] canonical = canonical(method, pathWithQuery, headers.timestamp(), headers.nonce(), body);
        ApiKey key = tenants.verify(headers.keyId(), canonical, signature)
                .orElseThrow(() -> unauthorized("the signature does not match an active key"));
        // a key over its rate spends no nonce, so it costs no database write
        long wait = rateLimiter.acquire(key.id(), System.nanoTime());
        if (wait > 0) {
            throw ApiException.rateLimited("this API key is over its request rate; retry after " + wait + " s", wait);
        }
        // only a verified request spends its nonce, so forged ones cannot fill the store
        if (!nonces.firstUse(key.id(), headers.nonce(), now, now.minusSeconds(2 * MAX_SKEW_SECONDS))) {
            throw unauthorized("this nonce was used before");
        }
        return key;
    }

    /** Whether {@code timestamp} is within the window around {@code now}, compared without a subtraction that could wrap. */
    static boolean withinSkew(long nowSeconds, long timestamp) {
        return timestamp >= nowSeconds - MAX_SKEW_SECONDS && timestamp <= nowSeconds + MAX_SKEW_SECONDS;
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
