package io.huibo.api;

import java.time.Instant;

/**
 * A and B bound to X until {@code expiresAt} (AXB), or anyone to A through X (AXN, {@code b}
 * null). It routes calls while {@link #isActive(Instant)}; deleted and expired bindings are kept
 * for the record. {@code cityFallback} says X is not of the requested city, none of it being free.
 */
public record Binding(String id, String tenantId, BindingMode mode, PhoneNumber x, PhoneNumber a, PhoneNumber b, Direction direction,
        String orderId, String city, boolean cityFallback, Instant createdAt, Instant expiresAt, Instant deletedAt) {

    /** Whether it routes calls at {@code now}: not deleted, and not expired, to the second. */
    public boolean isActive(Instant now) {
        return deletedAt == null && now.isBefore(expiresAt);
    }
}
