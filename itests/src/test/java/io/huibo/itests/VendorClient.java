package io.huibo.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A vendor's system calling its adapter at {@code /adapters/{vendor}/}: each body signed with the
 * shared secret, the lower-case hex HMAC-SHA256 in the vendor's own header.
 */
final class VendorClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String vendor;
    private final String header;
    private final String secret;

    VendorClient(String vendor, String header, String secret) {
        this.vendor = vendor;
        this.header = header;
        this.secret = secret;
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return post(path, json, sign(json));
    }

    /** Posts with the given signature, or none when null. */
    HttpResponse<String> post(String path, String json, String signature) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + System.getProperty("huibo.it.http.port") + "/adapters/" + vendor + "/" + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (signature != null) {
            request.header(header, signature);
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

    String sign(String json) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
