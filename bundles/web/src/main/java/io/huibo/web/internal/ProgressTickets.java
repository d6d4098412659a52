package io.huibo.web.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.spec.SecretKeySpec;

/**
 * The pass a button's page follows its call's progress with: the call's id and its HMAC, handed
 * out only with the call a token placed, so that no one follows a call by guessing its id.
 */
final class ProgressTickets {
    private final SecretKeySpec key;

    ProgressTickets(ButtonKeys keys) {
        this.key = Hmac.key(keys.derive("button-progress"));
    }

    String issue(String callId) {
        return callId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(callId));
    }

    /** The call a ticket of ours is for; empty for anything else. */
    Optional<String> callId(String ticket) {
        int dot = ticket == null ? -1 : ticket.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String callId = ticket.substring(0, dot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(ticket.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(mac(callId), given) ? Optional.of(callId) : Optional.empty();
    }

    private byte[] mac(String callId) {
        byte[] id = callId.getBytes(StandardCharsets.UTF_8);
        return Hmac.sign(key, id, id.length);
    }
}
