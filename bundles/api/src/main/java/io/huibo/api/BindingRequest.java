package io.huibo.api;

/**
 * What a binding needs, on the numbers of tenant {@code tenantId}. {@code b} is null for AXN; {@code x}, {@code city}, {@code orderId} may be
 * null; {@code direction} defaults to both.
 */
public record BindingRequest(String tenantId, BindingMode mode, PhoneNumber a, PhoneNumber b, int ttlSeconds, String city,
        Direction direction, String orderId, PhoneNumber x) {
}
