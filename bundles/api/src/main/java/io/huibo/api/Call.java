package io.huibo.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A call as it stands, and once ended its call record. Numbers are real; whoever shows them
 * masks them unless the viewer has the right to see them. A relayed call's {@code from} is the
 * caller, {@code to} the party the binding sent it to, {@code display} the binding's X, and
 * {@code bindingId} the binding (null for callbacks, and for relay attempts no binding matched).
 * {@code tenantId} owns the call; {@code statusCallbackUrl}, if any, receives its webhooks.
 */
public record Call(String id, String tenantId, CallKind kind, String bindingId, CallState state, PhoneNumber from, PhoneNumber to,
        PhoneNumber display,
        String userData, String statusCallbackUrl, List<Leg> legs, Instant createdAt, Instant bridgedAt, Instant endedAt,
        Outcome outcome, HangupBy hangupBy) {

    public Call {
        legs = List.copyOf(legs);
    }

    /** Seconds from bridge to end; null while not both. */
    public Long durationSeconds() {
        return bridgedAt == null || endedAt == null ? null : Duration.between(bridgedAt, endedAt).toSeconds();
    }

    public Leg leg(Party party) {
        return legs.stream().filter(l -> l.party() == party).findFirst().orElse(null);
    }
}
