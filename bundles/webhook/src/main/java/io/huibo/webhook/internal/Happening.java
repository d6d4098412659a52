package io.huibo.webhook.internal;

import java.time.Instant;

import io.huibo.api.Party;

/**
 * Something that happened to a call or a binding, as a webhook event type of the contract;
 * {@code party} names the leg of a leg-level event ({@code call.ringing}, {@code call.answered}),
 * null otherwise.
 */
record Happening(String type, Party party, Instant at) {
    static final String CALL_CREATED = "call.created";
    static final String CALL_RINGING = "call.ringing";
    static final String CALL_ANSWERED = "call.answered";
    static final String CALL_BRIDGED = "call.bridged";
    static final String CALL_ENDED = "call.ended";
    static final String BINDING_CREATED = "binding.created";
    static final String BINDING_EXPIRED = "binding.expired";
    static final String BINDING_DELETED = "binding.deleted";

    static Happening of(String type, Instant at) {
        return new Happening(type, null, at);
    }

    /** What makes it once-only for its call or binding: a call rings once per leg, ends once. */
    String dedupeKey(String subjectId) {
        return subjectId + "/" + type + (party == null ? "" : "/" + party.wireName());
    }
}
