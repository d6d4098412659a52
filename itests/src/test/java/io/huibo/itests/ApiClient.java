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
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An ERP's HTTP client of the API: every request signed with one key as the contract specifies
 * (HMAC-SHA256 over method, path with query, timestamp, nonce and the body's SHA-256).
 */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String keyId;
    private final String secret;
    /** host:port of the API; null for 127.0.0.1 and the port the huibo.it.http.port property names at each request. */
    private final String authority;

    ApiClient(String keyId, String secret) {
        this(keyId, secret, null);
    }

    ApiClient(String keyId, String secret, String authority) {
        this.keyId = keyId;
        this.secret = secret;
        this.authority = authority;
    }

    /** Sends a signed request to {@code /api/v1} + {@code path}; {@code json} may be null. */
    HttpResponse<String> send(String method, String path, String json, Map<String, String> headers)
            throws IOException, InterruptedException {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        return sendAs(method, path, json, headers, timestamp, nonce, null);
    }

    /**
     * Sends with the given timestamp and nonce, and a signature of its own when {@code signature}
     * is null, so tests can replay, skew or forge.
     */
    HttpResponse<String> sendAs(String method, String path, String json, Map<String, String> headers, String timestamp,
            String nonce, String signature) throws IOException, InterruptedException {
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        String fullPath = "/api/v1" + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://"
                + (authority != null ? authority : "127.0.0.1:" + System.getProperty("huibo.it.http.port")) + fullPath)).timeout(Duration.ofSeconds(10))
                .header("X-Huibo-Key", keyId).header("X-Huibo-Timestamp", timestamp).header("X-Huibo-Nonce", nonce)
                .header("X-Huibo-Signature", signature != null ? signature : sign(method, fullPath, timestamp, nonce, body));
        headers.forEach(request::header);
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until this key signs in: a key from etc/ comes a moment after the HTTP service. */
    void awaitAccepted() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (send("GET", "/callbacks/none", null, Map.of()).statusCode() != 404) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the API key " + keyId + " was not accepted within 30 s");
            }
            Thread.sleep(200);
        }
    }

    String sign(String method, String fullPath, String timestamp, String nonce, byte[] body) {
        try {
            String canonical = method + "\n" + fullPath + "\n" + timestamp + "\n" + nonce + "\n"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
