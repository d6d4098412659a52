package io.huibo.api.spi;

import java.time.Instant;

/**
 * One queued webhook event as the outbox holds it: {@code orderingKey} is the call or binding it
 * is about, {@code body} the exact bytes (as UTF-8) signed and sent on every attempt, and
 * {@code attempts} how many were made before.
 */
public record OutboxEvent(String id, String tenantId, String orderingKey, long sequence, String type, String url,
        String body, int attempts, Instant createdAt) {
}
