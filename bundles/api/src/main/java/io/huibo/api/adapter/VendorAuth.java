package io.huibo.api.adapter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** How an endpoint recognises the vendor's system: each vendor signs or authenticates its own way. */
@FunctionalInterface
public interface VendorAuth {

    boolean accepts(AdapterRequest request);

    /**
     * The vendor signs each body with a shared secret: header {@code header} holds the lower-case
     * hex HMAC-SHA256 of the body, compared in constant time.
     */
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
