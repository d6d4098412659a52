package io.huibo.api.adapter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed vendor requests that cannot be replayed, as Huibo's own API signs them: the vendor sends
 * {@code <prefix>-Timestamp} (Unix seconds), {@code <prefix>-Nonce} (8 to 64 visible ASCII
 * characters, new each time) and {@code <prefix>-Signature}, the lower-case hex HMAC-SHA256 keyed
 * with the shared secret's UTF-8 bytes of {@link #canonical}: method, target (path and query as
 * sent), timestamp, nonce and the body's SHA-256, each on its own line. A timestamp more than
 * {@link #MAX_SKEW_SECONDS} from the server's clock is refused; the adapter host remembers each
 * accepted {@link #nonce} and refuses its second use.
 */
public final class RequestSignatures implements VendorAuth {
    /** How far a request's timestamp may be from the server's clock. */
    public static final long MAX_SKEW_SECONDS = 300;
    private static final Pattern NONCE = Pattern.compile("[!-~]{8,64}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9-]*");

    private final String timestampHeader;
    private final String nonceHeader;
    private final String signatureHeader;
    private final byte[] key;
    private final Clock clock;

    /** @param headerPrefix the vendor's header prefix, e.g. {@code X-Ktv}; an empty secret refuses every request */
    public RequestSignatures(String headerPrefix, String secret) {
        this(headerPrefix, secret, Clock.systemUTC());
    }

    public RequestSignatures(String headerPrefix, String secret, Clock clock) {
        if (!PREFIX.matcher(headerPrefix).matches()) {
            throw new IllegalArgumentException("a header prefix is letters, digits and -, e.g. X-Ktv");
        }
        this.timestampHeader = headerPrefix + "-Timestamp";
        this.nonceHeader = headerPrefix + "-Nonce";
        this.signatureHeader = headerPrefix + "-Signature";
        this.key = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    @Override
    public boolean accepts(AdapterRequest request) {
        String timestamp = request.header(timestampHeader);
        String nonce = request.header(nonceHeader);
        String signature = request.header(signatureHeader);
        if (key.length == 0 || timestamp == null || nonce == null || signature == null || !NONCE.matcher(nonce).matches()
                || !withinSkew(timestamp)) {
            return false;
        }
        byte[] expected = hmacHex(canonical(request.method(), request.target(), timestamp, nonce, request.body()))
                .getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** The nonce of a request {@link #accepts} let in. */
    @Override
    public Optional<String> nonce(AdapterRequest request) {
        return Optional.ofNullable(request.header(nonceHeader));
    }

    /** The headers that sign a request, as the vendor's system sends them: for its clients and tests. */
    public Map<String, String> sign(String method, String target, byte[] body, long timestamp, String nonce) {
        if (key.length == 0) {
            throw new IllegalStateException("no secret to sign with");
        }
        String seconds = Long.toString(timestamp);
        return Map.of(timestampHeader, seconds, nonceHeader, nonce, signatureHeader,
                hmacHex(canonical(method, target, seconds, nonce, body)));
    }

    /** The text signed: {@code METHOD\nTARGET\nTIMESTAMP\nNONCE\n} and the lower-case hex SHA-256 of the body. */
    public static byte[] canonical(String method, String target, String timestamp, String nonce, byte[] body) {
        try {
            String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            return (method + "\n" + target + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Compared as now − skew ≤ t ≤ now + skew: never a subtraction that could overflow on a hostile t. */
    private boolean withinSkew(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        return seconds >= now - MAX_SKEW_SECONDS && seconds <= now + MAX_SKEW_SECONDS;
    }

    private String hmacHex(byte[] text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
