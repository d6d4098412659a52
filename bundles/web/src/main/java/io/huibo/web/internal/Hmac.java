package io.huibo.web.internal;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, which every Java has: its absence is a broken runtime, not a case to handle. */
final class Hmac {
    static final String ALGORITHM = "HmacSHA256";
    static final int BYTES = 32;

    private Hmac() {
    }

    static SecretKeySpec key(byte[] key) {
        return new SecretKeySpec(key, ALGORITHM);
    }

    /** The MAC of the first {@code length} bytes of {@code data}. */
    static byte[] sign(SecretKeySpec key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this Java", e);
        }
    }
}
