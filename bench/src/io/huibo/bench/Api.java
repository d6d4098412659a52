package io.huibo.bench;

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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Huibo's HTTP API as an ERP calls it: every request signed as the API contract says (the same
 * canonical string as demo/CallbackDemo.java), sent asynchronously so that a paced generator
 * never waits for an answer before offering the next request.
 */
final class Api implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String base;
    private final String keyId;
    private final byte[] secret;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http;

    Api(String base, String keyId, String secret) {
        this.base = base + "/api/v1";
        this.keyId = keyId;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** One answer: status, body and when the request was handed to the client and answered (epoch ms, ns). */
    record Answer(int status, String body, long sentAtMillis, long latencyNanos) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    CompletableFuture<Answer> send(String method, String path, String body) {
        String payload = body == null ? "" : body;
        HttpRequest request = signed(method, path, payload);
        long sentAt = System.currentTimeMillis();
        long start = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> failure != null
                        ? new Answer(-1, String.valueOf(failure), sentAt, System.nanoTime() - start)
                        : new Answer(response.statusCode(), response.body(), sentAt, System.nanoTime() - start));
    }

    Answer call(String method, String path, String body) {
        return send(method, path, body).join();
    }

    private HttpRequest signed(String method, String path, String body) {
        URI uri = URI.create(base + path);
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        try {
            String bodyHash = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
            String canonical = method + "\n" + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + "\n" + timestamp + "\n" + nonce + "\n" + bodyHash;
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
            HttpRequest.BodyPublisher publisher = body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body);
            return HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("X-Huibo-Key", keyId)
                    .header("X-Huibo-Timestamp", timestamp).header("X-Huibo-Nonce", nonce)
                    .header("X-Huibo-Signature", signature).header("Content-Type", "application/json")
                    .method(method, publisher).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 or SHA-256 missing from this JDK", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
