package io.huibo.engine.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.HangupBy;
import io.huibo.api.Outcome;
import io.huibo.api.PhoneNumber;

/**
 * What every call the engine runs shares, callback or relay: two legs, the record of their
 * progress, one timer at a time, re-INVITEs relayed between the legs once bridged, the duration
 * limit, and an end that happens exactly once. Every event runs under this object's lock.
 */
abstract class EngineCall implements LegListener {
    private static final Logger LOG = LoggerFactory.getLogger(EngineCall.class);

    /** Where a call reports each change, and its end. */
    interface Observer {
        /** {@code sequence} counts the call's changes from 1, for consumers that must keep their order. */
        void changed(Call snapshot, long sequence);

        void ended(EngineCall call);

        /** The record of an ended call gained a detail (a leg's late final status): stored, not announced. */
        void amended(Call snapshot);

        /** An INVITE the call sent got its first provisional or 2xx response {@code setup} after it went out. */
        void responded(Duration setup);
    }

    /** Who and what a call is about, fixed when it starts. */
    record Parties(String id, String tenantId, CallKind kind, String bindingId, PhoneNumber from, PhoneNumber to, PhoneNumber display,
            String userData, String statusCallbackUrl, int ringTimeoutSeconds, int maxDurationSeconds) {
    }

    protected final Parties parties;
    protected final ScheduledExecutorService scheduler;
    protected final Clock clock;
    private final Observer observer;
    private final Instant createdAt;

    protected CallState state = CallState.QUEUED;
    private Instant bridgedAt;
    private Instant endedAt;
    private Outcome outcome;
    private HangupBy hangupBy;
    private ScheduledFuture<?> timer;
    private long changes;
    /** The leg whose re-INVITE is being relayed to the other, until its ACK; null when none. */
    private SipLeg reInviter;

    EngineCall(Parties parties, ScheduledExecutorService scheduler, Clock clock, Observer observer) {
        this.parties = parties;
        this.scheduler = scheduler;
        this.clock = clock;
        this.observer = observer;
        this.createdAt = clock.instant();
    }

    String id() {
        return parties.id();
    }

    /** A new call's id, also that of a call refused before it started. */
    static String newId() {
        return "c_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** The leg to the {@code from} party, null before it exists. */
    protected abstract LegRecord<?> fromLeg();

    /** The leg to the {@code to} party, null before it exists. */
    protected abstract LegRecord<?> toLeg();

    /**
     * Ends the call from outside (the API, a shutdown): a bridged call is hung up on both sides,
     * one not bridged yet is called off.
     *
     * @return false if it had already ended
     */
    synchronized boolean abort(HangupBy by) {
        if (state == CallState.ENDED) {
            return false;
        }
        if (state == CallState.BRIDGED) {
            hangUp(fromLeg());
            hangUp(toLeg());
            end(Outcome.COMPLETED, by);
        } else {
            callOff();
            end(Outcome.CANCELLED, by);
        }
        return true;
    }

    /** Releases the legs of a call not bridged yet: cancels what rings, releases what answered. */
    protected abstract void callOff();

    protected void bridged() {
        state = CallState.BRIDGED;
        bridgedAt = clock.instant();
        LOG.debug("Call {}: bridged {} and {} behind {}", parties.id(), parties.from(), parties.to(), parties.display());
        startTimer(this::maxDurationReached, parties.maxDurationSeconds());
        publish();
    }

    @Override
    public synchronized void onBye(SipLeg leg) {
        LegRecord<?> record = recordOf(leg);
        if (record == null || state == CallState.ENDED) {
            return;
        }
        HangupBy by = record == fromLeg() ? HangupBy.FROM : HangupBy.TO;
        if (state == CallState.BRIDGED) {
            hangUp(other(record));
            end(Outcome.COMPLETED, by);
        } else {
            byeBeforeBridge(record, by);
        }
    }

    /** The party of {@code record} hung up before the call was bridged. */
    protected abstract void byeBeforeBridge(LegRecord<?> record, HangupBy by);

    /**
     * Relays a re-INVITE (hold, resume, codec change) to the other party, anonymised. One at a
     * time: another one meanwhile, from either side, gets 491 Request Pending (glare).
     */
    @Override
    public synchronized void onReInvite(SipLeg leg, String sdp) {
        LegRecord<?> record = recordOf(leg);
        if (record == null) {
            return;
        }
        if (state != CallState.BRIDGED || reInviter != null) {
            answerReInvite(leg, 491, null);
            return;
        }
        reInviter = leg;
        try {
            other(record).sip.reInvite(sdp == null ? null : SdpPrivacy.anonymise(sdp));
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not relay a re-INVITE to the {} party", parties.id(), other(record).party, e);
            reInviter = null;
            answerReInvite(leg, 500, null);
        }
    }

    @Override
    public synchronized void onReInviteAnswered(SipLeg leg, int status, String sdp) {
        LegRecord<?> record = recordOf(leg);
        if (reInviter == null || record == null || other(record).sip != reInviter) {
            return;
        }
        if (status >= 200 && status < 300) {
            answerReInvite(reInviter, status, sdp == null ? null : SdpPrivacy.anonymise(sdp));
        } else {
            answerReInvite(reInviter, status, null);
            reInviter = null;
        }
    }

    @Override
    public synchronized void onReInviteAcknowledged(SipLeg leg, String sdp) {
        LegRecord<?> record = recordOf(leg);
        if (record == null || leg != reInviter) {
            return;
        }
        reInviter = null;
        try {
            other(record).sip.ackReInvite(sdp == null ? null : SdpPrivacy.anonymise(sdp));
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not acknowledge the relayed re-INVITE", parties.id(), e);
        }
    }

    private void answerReInvite(SipLeg leg, int status, String sdp) {
        try {
            leg.answerReInvite(status, sdp);
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not answer a re-INVITE", parties.id(), e);
        }
    }

    private synchronized void maxDurationReached() {
        if (state == CallState.BRIDGED) {
            hangUp(fromLeg());
            hangUp(toLeg());
            end(Outcome.MAX_DURATION, HangupBy.SYSTEM);
        }
    }

    /** A snapshot of the call as it stands. */
    synchronized Call snapshot() {
        List<io.huibo.api.Leg> legs = new ArrayList<>(2);
        if (fromLeg() != null) {
            legs.add(fromLeg().snapshot());
        }
        if (toLeg() != null) {
            legs.add(toLeg().snapshot());
        }
        return new Call(parties.id(), parties.tenantId(), parties.kind(), parties.bindingId(), state, parties.from(),
                parties.to(), parties.display(), parties.userData(), parties.statusCallbackUrl(), legs, createdAt, bridgedAt, endedAt, outcome, hangupBy);
    }

    protected void end(Outcome how, HangupBy by) {
        if (state == CallState.ENDED) {
            return;
        }
        cancelTimer();
        Instant now = clock.instant();
        state = CallState.ENDED;
        endedAt = now;
        outcome = how;
        hangupBy = by;
        for (LegRecord<?> leg : legsPresent()) {
            leg.end(now);
        }
        LOG.info("Call {}: ended, outcome {}, hung up by {}", parties.id(), how.wireName(), by.wireName());
        publish();
        observer.ended(this);
    }

    private LegRecord<?>[] legsPresent() {
        LegRecord<?> from = fromLeg();
        LegRecord<?> to = toLeg();
        if (from == null) {
            return to == null ? new LegRecord<?>[0] : new LegRecord<?>[] {to};
        }
        return to == null ? new LegRecord<?>[] {from} : new LegRecord<?>[] {from, to};
    }

    protected void publish() {
        observer.changed(snapshot(), ++changes);
    }

    protected void amend() {
        observer.amended(snapshot());
    }

    protected void hangUp(LegRecord<?> record) {
        try {
            record.sip.bye();
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not hang up the {} party", parties.id(), record.party, e);
        }
    }

    /** Cancels a leg Huibo called that has not answered yet. */
    protected void cancel(LegRecord<? extends OutboundLeg> record) {
        if (record == null || !record.isPending()) {
            return;
        }
        try {
            record.sip.cancel();
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not cancel the {} party", parties.id(), record.party, e);
        }
    }

    /** Calls {@code callee} on a new leg; its ring timeout cancels it. Null sdp: an offerless INVITE. */
    protected LegRecord<OutboundLeg> invite(SipLegFactory legs, io.huibo.api.Party party, PhoneNumber callee, String sdp)
            throws SignallingException {
        OutboundLeg sip = legs.create(callee, parties.display(), this);
        LegRecord<OutboundLeg> record = new LegRecord<>(party, sip, clock.instant(), observer::responded);
        sip.invite(sdp);
        startTimer(() -> ringTimedOut(record), parties.ringTimeoutSeconds());
        return record;
    }

    private synchronized void ringTimedOut(LegRecord<OutboundLeg> record) {
        if (state != CallState.ENDED && record.isPending()) {
            LOG.info("Call {}: {} did not answer in {} s", parties.id(), record.party, parties.ringTimeoutSeconds());
            cancel(record); // its 487 ends the call as no-answer
        }
    }

    protected void startTimer(Runnable task, int seconds) {
        cancelTimer();
        timer = scheduler.schedule(task, seconds, TimeUnit.SECONDS);
    }

    protected void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    protected LegRecord<?> recordOf(SipLeg leg) {
        if (fromLeg() != null && fromLeg().sip == leg) {
            return fromLeg();
        }
        return toLeg() != null && toLeg().sip == leg ? toLeg() : null;
    }

    protected LegRecord<?> other(LegRecord<?> record) {
        return record == fromLeg() ? toLeg() : fromLeg();
    }
}
