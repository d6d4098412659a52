package io.huibo.engine.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Party;

/** What a call keeps of one leg's progress, for its record, beside the leg's signalling. Guarded by the call's lock. */
final class LegRecord<L extends SipLeg> {
    final Party party;
    final L sip;
    private LegState state = LegState.INVITED;
    private final Instant invitedAt;
    private Instant ringingAt;
    private Instant answeredAt;
    private Instant endedAt;
    private Integer sipStatus;
    private boolean finalAnswer;
    /** Told once how long the INVITE waited for its first provisional; null when nobody asks or it was told. */
    private Consumer<Duration> firstResponse;

    LegRecord(Party party, L sip, Instant invitedAt) {
        this(party, sip, invitedAt, null);
    }

    LegRecord(Party party, L sip, Instant invitedAt, Consumer<Duration> firstResponse) {
        this.party = party;
        this.sip = sip;
        this.invitedAt = invitedAt;
        this.firstResponse = firstResponse;
    }

    void ringing(Instant at) {
        responded(at);
        if (ringingAt == null) {
            ringingAt = at;
        }
        if (state == LegState.INVITED) {
            state = LegState.RINGING;
        }
    }

    void answered(Instant at) {
        // A 2xx before any provisional says nothing of a backlog: the provisional may have been
        // lost, and the phone then took its own time to answer. It is not a setup wait.
        firstResponse = null;
        finalAnswer = true;
        state = LegState.ANSWERED;
        answeredAt = at;
        sipStatus = 200;
    }

    void failed(int status, Instant at) {
        finalAnswer = true;
        state = LegState.FAILED;
        sipStatus = status;
        endedAt = at;
    }

    private void responded(Instant at) {
        if (firstResponse != null) {
            firstResponse.accept(Duration.between(invitedAt, at));
            firstResponse = null;
        }
    }

    /** A 2xx that came after the call had given up on this leg: the record stays as it was. */
    void answeredLate() {
        finalAnswer = true;
    }

    /** Whether the party gave its final answer to the INVITE; a later one is a retransmission. */
    boolean hasFinalAnswer() {
        return finalAnswer;
    }

    /** Ends an answered leg; a leg that never answered is failed with no status of its own. */
    void end(Instant at) {
        if (state == LegState.ANSWERED) {
            state = LegState.ENDED;
            endedAt = at;
        } else if (state != LegState.FAILED && state != LegState.ENDED) {
            state = LegState.FAILED;
            endedAt = at;
        }
    }

    boolean isPending() {
        return state == LegState.INVITED || state == LegState.RINGING;
    }

    Leg snapshot() {
        return new Leg(party, state, invitedAt, ringingAt, answeredAt, endedAt, sipStatus);
    }
}
