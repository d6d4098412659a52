package io.huibo.api.adapter;

import java.time.Instant;

/**
 * An action an adapter scheduled: its {@code key} (unique per vendor, e.g. {@code remind:appt-42}),
 * when it is due, the adapter's own {@code payload} (JSON, say), how often it has been tried, and
 * until when a runner holds it ({@code claimedUntil}; null while none does).
 */
public record ScheduledAction(String vendorId, String key, String tenantId, Instant dueAt, String payload, int attempts,
        Instant claimedUntil) {
}
