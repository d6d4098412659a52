package io.huibo.store.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.huibo.api.vault.RecordVault;

/**
 * The {@link RecordVault} of this install. Two keys are derived from the {@link MasterKey}, one
 * to encrypt and one to hash, so neither use weakens the other, nor the secrets sealed under the
 * master key itself.
 */
@Component(service = RecordVault.class, configurationPid = "io.huibo.security")
public class KeyedRecordVault implements RecordVault {
    private static final String HMAC = "HmacSHA256";

    private final SecretBox box;
    private final SecretKeySpec hashKey;

    @Activate
    public KeyedRecordVault(SecurityConfig config) throws IOException {
        this(MasterKey.of(config));
    }

    public KeyedRecordVault(byte[] masterKey) {
        this.box = new SecretBox(derive(masterKey, "huibo records: AES-GCM"));
        this.hashKey = new SecretKeySpec(derive(masterKey, "huibo records: keyed hash"), HMAC);
    }

    @Override
    public String seal(String clear) {
        return box.seal(clear);
    }

    @Override
    public String open(String sealed) {
        return box.open(sealed);
    }

    @Override
    public String hash(String clear) {
        return Base64.getEncoder().encodeToString(mac(hashKey, clear.getBytes(StandardCharsets.UTF_8)));
    }

    /** A key for one purpose: HMAC-SHA-256 of the purpose's name under the master key. */
    private static byte[] derive(byte[] masterKey, String purpose) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes (Base64 of 32 random bytes)");
        }
        return mac(new SecretKeySpec(masterKey, HMAC), purpose.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] mac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
