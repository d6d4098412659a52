package io.huibo.engine.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest authentication (RFC 3261 §22.4, with RFC 8760's SHA-256) of the INVITEs that start
 * calls, so that a datagram forged with the trunk's address and port starts nothing. Only
 * qop=auth is offered. A nonce is the time it was issued, signed with a key of this instance:
 * challenging keeps no state, and a nonce that is old or not ours is stale. A right answer is
 * remembered by its nonce and nonce count, so that a captured Authorization header cannot start
 * a second call; that memory holds {@link #MAX_NONCES} nonces, and one it has forgotten counts
 * as stale, never as new.
 */
final class DigestAuthenticator {
    static final int MAX_NONCES = 10_000;
    private static final String HMAC = "HmacSHA256";
    private static final int SIGNATURE_BYTES = 16;
    private static final Set<String> ALGORITHMS = Set.of("SHA-256", "MD5");

    /** What an operator configures: whom to expect, and how long a nonce lives. */
    record Credentials(String username, String password, String realm, List<String> algorithms, Duration nonceLifetime) {
        Credentials {
            if (username.isBlank() || password.isEmpty() || realm.isBlank()) {
                throw new IllegalArgumentException("inbound digest needs a user name, a password and a realm");
            }
            if (algorithms.isEmpty() || !ALGORITHMS.containsAll(algorithms)) {
                throw new IllegalArgumentException("inbound digest algorithms must be SHA-256 and/or MD5, not " + algorithms);
            }
            if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
                throw new IllegalArgumentException("the nonce lifetime must be positive");
            }
            algorithms = List.copyOf(algorithms);
        }

        /** Without the password: a record's own would print it. */
        @Override
        public String toString() {
            return "Credentials[username=" + username + ", realm=" + realm + ", algorithms=" + algorithms
                    + ", nonceLifetime=" + nonceLifetime + "]";
        }
    }

    enum Outcome {
        /** No answer to our realm yet: challenge (401). */
        CHALLENGE,
        /** A right answer to a nonce that is old, forgotten or not ours: challenge anew with stale=true (401). */
        STALE,
        /** A right answer, used for the first time: the call may proceed. */
        ACCEPTED,
        /** The request already accepted, retransmitted before its transaction took it: drop it. */
        RETRANSMISSION,
        /** A wrong answer, or a right one used again by another request: 403. */
        REFUSED
    }

    /** The request's parts that an answer covers, as written on the wire. */
    record Request(String method, String requestUri, List<String> authorizations, String branch) {
    }

    private record Use(long nonceCount, String branch, long issuedMillis) {
    }

    private final Credentials credentials;
    private final SecretKeySpec key;
    private final Map<String, Use> used = new LinkedHashMap<>();
    /** Issue time of the newest nonce pushed out of {@link #used}: such nonces are stale. */
    private long forgottenUpToMillis = Long.MIN_VALUE;

    DigestAuthenticator(Credentials credentials) {
        this.credentials = credentials;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
    }

    Credentials credentials() {
        return credentials;
    }

    /** The WWW-Authenticate values of a 401, one per algorithm, the preferred first (RFC 8760 §2.4). */
    List<String> challenges(boolean stale, Instant now) {
        String nonce = nonce(now.toEpochMilli());
        return credentials.algorithms().stream()
                .map(algorithm -> "Digest realm=\"" + credentials.realm() + "\", nonce=\"" + nonce + "\", algorithm="
                        + algorithm + ", qop=\"auth\"" + (stale ? ", stale=true" : ""))
                .toList();
    }

    Outcome check(Request request, Instant now) {
        Map<String, String> answer = null;
        for (String authorization : request.authorizations()) {
            Map<String, String> candidate = DigestParameters.parse(authorization);
            if (candidate != null && credentials.realm().equals(candidate.get("realm"))) {
                answer = candidate;
                break;
            }
        }
        if (answer == null) {
            return Outcome.CHALLENGE;
        }
        if (!isRightAnswer(answer, request)) {
            return Outcome.REFUSED;
        }
        String nonce = answer.get("nonce");
        Long issued = issuedMillis(nonce);
        if (issued == null || now.toEpochMilli() - issued > credentials.nonceLifetime().toMillis()
                || issued > now.toEpochMilli()) {
            return Outcome.STALE;
        }
        return remember(nonce, Long.parseLong(answer.get("nc"), 16), request.branch(), issued, now);
    }

    private boolean isRightAnswer(Map<String, String> answer, Request request) {
        String algorithm = answer.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
        String nc = answer.get("nc");
        String cnonce = answer.get("cnonce");
        String response = answer.get("response");
        String nonce = answer.get("nonce");
        if (!credentials.algorithms().contains(algorithm) || !"auth".equals(answer.get("qop"))
                || !credentials.username().equals(answer.get("username"))
                || !request.requestUri().equals(answer.get("uri"))
                || nonce == null || cnonce == null || cnonce.isEmpty() || response == null
                || nc == null || nc.length() != 8 || !nc.chars().allMatch(HexFormat::isHexDigit)) {
            return false;
        }
        String ha1 = hash(algorithm, credentials.username() + ":" + credentials.realm() + ":" + credentials.password());
        String ha2 = hash(algorithm, request.method() + ":" + request.requestUri());
        String expected = hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private synchronized Outcome remember(String nonce, long nonceCount, String branch, long issued, Instant now) {
        Use last = used.get(nonce);
        if (last == null) {
            if (issued <= forgottenUpToMillis) {
                return Outcome.STALE; // it may have been used: we no longer know
            }
        } else if (nonceCount <= last.nonceCount()) {
            return nonceCount == last.nonceCount() && branch.equals(last.branch()) ? Outcome.RETRANSMISSION : Outcome.REFUSED;
        }
        used.put(nonce, new Use(nonceCount, branch, issued));
        forgetOld(now);
        return Outcome.ACCEPTED;
    }

    /** Drops the nonces past their lifetime, and the oldest while there are too many. */
    private void forgetOld(Instant now) {
        long expiredBefore = now.toEpochMilli() - credentials.nonceLifetime().toMillis();
        Iterator<Use> uses = used.values().iterator();
        while (uses.hasNext()) {
            Use eldest = uses.next();
            boolean expired = eldest.issuedMillis() < expiredBefore;
            if (!expired && used.size() <= MAX_NONCES) {
                return;
            }
            if (!expired) {
                forgottenUpToMillis = Math.max(forgottenUpToMillis, eldest.issuedMillis());
            }
            uses.remove();
        }
    }

    /** Entries held for replay checks, for tests of the bound. */
    synchronized int remembered() {
        return used.size();
    }

    private String nonce(long issuedMillis) {
        ByteBuffer nonce = ByteBuffer.allocate(Long.BYTES + SIGNATURE_BYTES);
        nonce.putLong(issuedMillis).put(signature(issuedMillis));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce.array());
    }

    /** When our {@code nonce} was issued, or null if it is not one of ours. */
    private Long issuedMillis(String nonce) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (bytes.length != Long.BYTES + SIGNATURE_BYTES) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long issued = buffer.getLong();
        byte[] signature = new byte[SIGNATURE_BYTES];
        buffer.get(signature);
        return MessageDigest.isEqual(signature, signature(issued)) ? issued : null;
    }

    private byte[] signature(long issuedMillis) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            byte[] full = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(issuedMillis).array());
            byte[] truncated = new byte[SIGNATURE_BYTES];
            System.arraycopy(full, 0, truncated, 0, SIGNATURE_BYTES);
            return truncated;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks " + HMAC, e);
        }
    }

    static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }
}
