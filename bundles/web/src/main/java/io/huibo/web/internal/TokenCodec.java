package io.huibo.web.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.huibo.api.ButtonTokenException;
import io.huibo.api.ButtonTokenException.Reason;

/**
 * Seals a token's claims into URL-safe text: encrypted, since the page that holds a token must not
 * read the real numbers in it, then signed with HMAC-SHA256 over version, IV and ciphertext
 * (encrypt-then-MAC), so that no byte of it can be changed. Layout: version, IV, ciphertext, MAC.
 */
final class TokenCodec {
    private static final byte VERSION = 1;
    private static final int IV_BYTES = 16;
    private static final String CIPHER = "AES/CTR/NoPadding";

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec macKey;
    private final SecureRandom random = new SecureRandom();

    TokenCodec(ButtonKeys keys) {
        this.encryptionKey = new SecretKeySpec(keys.derive("button-token-encryption"), "AES");
        this.macKey = Hmac.key(keys.derive("button-token-mac"));
    }

    String seal(JsonObject claims) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, iv, claims.toString().getBytes(StandardCharsets.UTF_8));
        ByteBuffer token = ByteBuffer.allocate(1 + IV_BYTES + ciphertext.length + Hmac.BYTES);
        token.put(VERSION).put(iv).put(ciphertext);
        token.put(mac(token.array(), token.position()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /** The claims of a token this codec sealed. @throws ButtonTokenException INVALID_TOKEN for anything else */
    JsonObject open(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token == null ? "" : token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int signed = bytes.length - Hmac.BYTES;
        if (signed <= 1 + IV_BYTES || bytes[0] != VERSION
                || !MessageDigest.isEqual(mac(bytes, signed), Arrays.copyOfRange(bytes, signed, bytes.length))) {
            throw invalid();
        }
        byte[] iv = Arrays.copyOfRange(bytes, 1, 1 + IV_BYTES);
        byte[] plaintext = crypt(Cipher.DECRYPT_MODE, iv, Arrays.copyOfRange(bytes, 1 + IV_BYTES, signed));
        try {
            return JsonParser.parseString(new String(plaintext, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            // signed by our key yet unreadable: only a bug of ours could make it
            throw new IllegalStateException("a signed button token holds no JSON object", e);
        }
    }

    private byte[] mac(byte[] bytes, int length) {
        return Hmac.sign(macKey, bytes, length);
    }

    private byte[] crypt(int mode, byte[] iv, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(mode, encryptionKey, new IvParameterSpec(iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is missing from this Java", e);
        }
    }

    private static ButtonTokenException invalid() {
        return new ButtonTokenException(Reason.INVALID_TOKEN, "this is not a valid call button token");
    }
}
