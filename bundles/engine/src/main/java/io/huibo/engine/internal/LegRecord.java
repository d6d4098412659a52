package io.huibo.engine.internal;

import java.time.Instant;

import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Party;

/** What a call keeps of one leg's progress, for its record. Guarded by the call's lock. */
final class LegRecord {
    final Party party;
    final SipLeg sip;
    private LegState state = LegState.INVITED;
    private final Instant invitedAt;
    private Instant ringingAt;
    private Instant answeredAt;
    private Instant endedAt;
    private Integer sipStatus;

    LegRecord(Party party, SipLeg sip, Instant invitedAt) {
        this.party = party;
        this.sip = sip;
        this.invitedAt = invitedAt;
    }

    void ringing(Instant at) {
        if (ringingAt == null) {
            ringingAt = at;
        }
        if (state == LegState.INVITED) {
            state = LegState.RINGING;
        }
    }

    void answered(Instant at) {
        state = LegState.ANSWERED;
        answeredAt = at;
        sipStatus = 200;
    }

    void failed(int status, Instant at) {
        state = LegState.FAILED;
        sipStatus = status;
        endedAt = at;
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

    boolean isAnswered() {
        return state == LegState.ANSWERED;
    }

    boolean isPending() {
        return state == LegState.INVITED || state == LegState.RINGING;
    }

    Leg snapshot() {
        return new Leg(party, state, invitedAt, ringingAt, answeredAt, endedAt, sipStatus);
    }
}
