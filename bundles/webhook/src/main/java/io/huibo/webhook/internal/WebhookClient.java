package io.huibo.webhook.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.huibo.api.TenantService;

/**
 * One attempt to deliver one event: a POST of its stored body, signed with the tenant's webhook
 * secret. Only a 2xx answer counts as delivered.
 */
final class WebhookClient {
    static final String EVENT_ID = "X-Huibo-Event-Id";
    static final String EVENT_TYPE = "X-Huibo-Event-Type";
    static final String SIGNATURE = "X-Huibo-Signature";

    /** How an attempt went; {@code error} says why it did not deliver, null when it did. */
    record Result(boolean delivered, String error) {
    }

    private final HttpClient http;
    private final TenantService tenants;
    private final Duration requestTimeout;

    WebhookClient(TenantService tenants, Duration connectTimeout, Duration requestTimeout) {
        // HTTP/1.1: receivers are plain web apps; an h2c upgrade attempt only confuses some
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.tenants = tenants;
        this.requestTimeout = requestTimeout;
    }

    /** @throws InterruptedException when the sender is stopping: the attempt counts for nothing */
    Result send(OutboxEvent event) throws InterruptedException {
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(event.url())).timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header(EVENT_ID, event.id())
                    .header(EVENT_TYPE, event.type())
                    .header(SIGNATURE, tenants.signWebhook(event.tenantId(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? new Result(true, null) : new Result(false, "HTTP " + status);
        } catch (HttpTimeoutException e) {
            return new Result(false, "timed out: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Result(false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
