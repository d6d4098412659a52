package io.huibo.webhook.internal;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.huibo.api.TenantService;
import io.huibo.api.spi.OutboxEvent;

/**
 * One attempt to deliver one event: a POST of its stored body, signed with the tenant's webhook
 * secret. Only a 2xx answer counts as delivered. The URL policy is asked first, with the
 * addresses the host has now: nothing is sent to a refused one. The client looks the host up
 * again as it connects, which the JVM's address cache (30 s) answers with what was just checked;
 * only an entry expiring between the two could let a rebinding name through.
 */
final class WebhookClient {
    static final String EVENT_ID = "X-Huibo-Event-Id";
    static final String EVENT_TYPE = "X-Huibo-Event-Type";
    static final String SIGNATURE = "X-Huibo-Signature";

    /**
     * How an attempt went; {@code error} says why it did not deliver, null when it did;
     * {@code refused} when the URL policy stopped it, which no retry changes.
     */
    record Result(boolean delivered, boolean refused, String error) {
        static final Result DELIVERED = new Result(true, false, null);

        static Result failed(String error) {
            return new Result(false, false, error);
        }

        static Result refused(String error) {
            return new Result(false, true, error);
        }
    }

    private final HttpClient http;
    private final TenantService tenants;
    private final UrlPolicy policy;
    private final Duration requestTimeout;

    WebhookClient(TenantService tenants, UrlPolicy policy, Duration connectTimeout, Duration requestTimeout) {
        // HTTP/1.1: receivers are plain web apps; an h2c upgrade attempt only confuses some
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.tenants = tenants;
        this.policy = policy;
        this.requestTimeout = requestTimeout;
    }

    /** @throws InterruptedException when the sender is stopping: the attempt counts for nothing */
    Result send(OutboxEvent event) throws InterruptedException {
        try {
            Optional<String> refusal = policy.refusalToSend(event.url());
            if (refusal.isPresent()) {
                return Result.refused("its URL " + refusal.get());
            }
        } catch (UnknownHostException e) {
            return Result.failed("its URL's host has no address now");
        }
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(event.url())).timeout(requestTimeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header(EVENT_ID, event.id())
                    .header(EVENT_TYPE, event.type())
                    .header(SIGNATURE, tenants.signWebhook(event.tenantId(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? Result.DELIVERED : Result.failed("HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Result.failed("timed out: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Result.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
