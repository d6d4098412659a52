package io.huibo.api.adapter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** How an endpoint recognises the vendor's system: each vendor signs or authenticates its own way. */
@FunctionalInterface
public interface VendorAuth {

    /** Whether the request carries the vendor's credentials; cheap: nothing is stored or read from storage. */
    boolean accepts(AdapterRequest request);

    /**
     * The single-use nonce of a request {@link #accepts} let in, if the scheme has one: the host
     * records it, after the signature verified, and refuses a second request with it.
     */
    default Optional<String> nonce(AdapterRequest request) {
        return Optional.empty();
    }

    /**
     * Signed requests that cannot be replayed (method, target, timestamp, nonce and body), with
     * headers {@code <headerPrefix>-Timestamp}, {@code -Nonce} and {@code -Signature}: see
     * {@link RequestSignatures}. The scheme every new adapter should use.
     */
    static VendorAuth signedRequests(String headerPrefix, String secret) {
        return new RequestSignatures(headerPrefix, secret);
    }

    /**
     * The vendor signs each body with a shared secret: header {@code header} holds the lower-case
     * hex HMAC-SHA256 of the body, compared in constant time.
     *
     * @deprecated a captured request verifies forever, on any endpoint: use {@link #signedRequests}
     */
    @Deprecated
    static VendorAuth hmacSha256Hex(String header, String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        return request -> {
            String given = request.header(header);
            if (given == null || key.length == 0) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                byte[] expected = HexFormat.of().formatHex(mac.doFinal(request.body())).getBytes(StandardCharsets.US_ASCII);
                return MessageDigest.isEqual(expected, given.trim().toLowerCase().getBytes(StandardCharsets.US_ASCII));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        };
    }

    /** The vendor sends {@code Authorization: Bearer <token>}, compared in constant time. */
    static VendorAuth bearer(String token) {
        byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return request -> {
            String given = request.header("Authorization");
            return given != null && !token.isEmpty()
                    && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
        };
    }
}
