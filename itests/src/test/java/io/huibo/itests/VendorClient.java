package io.huibo.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A vendor's system calling its adapter at {@code /adapters/{vendor}/}, signing each request as the
 * integrator's guide says (written from the guide, not from Huibo's code): {@code <prefix>-Timestamp},
 * {@code <prefix>-Nonce} and {@code <prefix>-Signature}, the lower-case hex HMAC-SHA256 with the
 * shared secret of {@code METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\n} and the body's hex SHA-256.
 */
final class VendorClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String vendor;
    private final String prefix;
    private final String secret;

    VendorClient(String vendor, String headerPrefix, String secret) {
        this.vendor = vendor;
        this.prefix = headerPrefix;
        this.secret = secret;
    }

    /** Posts to the adapter's {@code path}, signed now with a fresh nonce. */
    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return post(path, json, sign("POST", path, json, Instant.now().getEpochSecond()));
    }

    /** Posts with the given signature headers, or none when null. */
    HttpResponse<String> post(String path, String json, Map<String, String> signature) throws IOException, InterruptedException {
        return send("POST", path, json, signature);
    }

    /** Sends {@code method} to the adapter's {@code pathWithQuery} with the given signature headers, or none when null. */
    HttpResponse<String> send(String method, String pathWithQuery, String json, Map<String, String> signature)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + System.getProperty("huibo.it.http.port") + target(pathWithQuery)))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (signature != null) {
            signature.forEach(request::header);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the adapter is mounted: an unsigned request is then refused 401, not 404. */
    void awaitMounted(String path) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = post(path, "{}", null).statusCode();
            if (status == 401) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("adapter " + vendor + " was not mounted in 30 s: last answer " + status);
    }

    /** The headers that sign {@code method} on the adapter's {@code pathWithQuery} with this body, at {@code timestamp}. */
    Map<String, String> sign(String method, String pathWithQuery, String json, long timestamp) {
        String nonce = UUID.randomUUID().toString();
        String canonical = method + "\n" + target(pathWithQuery) + "\n" + timestamp + "\n" + nonce + "\n"
                + hex(sha256(json.getBytes(StandardCharsets.UTF_8)));
        return Map.of(prefix + "-Timestamp", Long.toString(timestamp), prefix + "-Nonce", nonce,
                prefix + "-Signature", hex(hmac(canonical.getBytes(StandardCharsets.UTF_8))));
    }

    private String target(String pathWithQuery) {
        return "/adapters/" + vendor + "/" + pathWithQuery;
    }

    private byte[] hmac(byte[] text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
