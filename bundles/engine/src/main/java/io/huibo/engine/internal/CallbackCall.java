package io.huibo.engine.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Call;
import io.huibo.api.CallState;
import io.huibo.api.HangupBy;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PhoneNumber;

/**
 * One masked callback, by RFC 3725 flow I: INVITE {@code from} without SDP; its 2xx holds the
 * offer; INVITE {@code to} with that offer; on {@code to}'s 2xx, ACK {@code to}, then ACK
 * {@code from} with {@code to}'s answer. Each party is shown only the display number, and SDP is
 * anonymised before it crosses. A BYE from either side ends the other leg. Every event runs
 * under this object's lock; every path ends in {@link #end}, exactly once.
 */
final class CallbackCall implements LegListener {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackCall.class);

    /** Where the call reports each change, and its end. */
    interface Observer {
        /** {@code sequence} counts the call's changes from 1, for consumers that must keep their order. */
        void changed(Call snapshot, long sequence);

        void ended(CallbackCall call);
    }

    /** What one callback was asked to do, already validated. */
    record Plan(String id, PhoneNumber from, PhoneNumber to, PhoneNumber display, String userData,
            int ringTimeoutSeconds, int maxDurationSeconds) {
    }

    private final Plan plan;
    private final SipLegFactory legs;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Observer observer;
    private final Instant createdAt;

    private CallState state = CallState.QUEUED;
    private LegRecord fromLeg;
    private LegRecord toLeg;
    private String fromOffer;
    private Instant bridgedAt;
    private Instant endedAt;
    private Outcome outcome;
    private HangupBy hangupBy;
    private ScheduledFuture<?> timer;
    private long changes;
    /** The leg whose re-INVITE is being relayed to the other, until its ACK; null when none. */
    private LegRecord reInviter;

    CallbackCall(Plan plan, SipLegFactory legs, ScheduledExecutorService scheduler, Clock clock, Observer observer) {
        this.plan = plan;
        this.legs = legs;
        this.scheduler = scheduler;
        this.clock = clock;
        this.observer = observer;
        this.createdAt = clock.instant();
    }

    String id() {
        return plan.id();
    }

    synchronized void start() {
        state = CallState.CALLING_FROM;
        fromLeg = invite(Party.FROM, plan.from(), null);
        publish();
    }

    @Override
    public synchronized void onProvisional(SipLeg leg, int status) {
        LegRecord record = recordOf(leg);
        if (record != null && record.isPending() && state != CallState.ENDED) {
            record.ringing(clock.instant());
            publish();
        }
    }

    @Override
    public synchronized void onAnswered(SipLeg leg, String sdp) {
        LegRecord record = recordOf(leg);
        if (record == null || record.hasFinalAnswer()) {
            return; // a retransmitted 2xx
        }
        if (state == CallState.ENDED) {
            // a 2xx crossing our CANCEL: the party must not be left on an open line
            LOG.debug("Call {}: {} answered after the call ended; hanging it up", plan.id(), record.party);
            record.answeredLate();
            confirmAndHangUp(record, sdp == null ? null : SdpPrivacy.declineAll(sdp));
            return;
        }
        record.answered(clock.instant());
        if (record == fromLeg) {
            fromAnswered(sdp);
        } else {
            toAnswered(sdp);
        }
    }

    private void fromAnswered(String offer) {
        cancelTimer();
        if (offer == null) {
            LOG.warn("Call {}: the from party answered without an SDP offer", plan.id());
            confirmAndHangUp(fromLeg, null);
            end(Outcome.FAILED, HangupBy.SYSTEM);
            return;
        }
        fromOffer = offer;
        state = CallState.CALLING_TO;
        toLeg = invite(Party.TO, plan.to(), SdpPrivacy.anonymise(offer));
        if (state != CallState.ENDED) {
            publish(); // from's 2xx stays unacknowledged until to answers (flow I)
        }
    }

    private void toAnswered(String answer) {
        cancelTimer();
        try {
            toLeg.sip.ack(null);
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not acknowledge the to party", plan.id(), e);
        }
        if (answer == null) {
            LOG.warn("Call {}: the to party answered without an SDP answer", plan.id());
            hangUp(toLeg);
            confirmAndHangUp(fromLeg, null);
            end(Outcome.FAILED, HangupBy.SYSTEM);
            return;
        }
        try {
            fromLeg.sip.ack(SdpPrivacy.anonymise(answer));
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not acknowledge the from party", plan.id(), e);
            hangUp(toLeg);
            end(Outcome.FAILED, HangupBy.SYSTEM);
            return;
        }
        state = CallState.BRIDGED;
        bridgedAt = clock.instant();
        LOG.info("Call {}: bridged {} and {} behind {}", plan.id(), plan.from(), plan.to(), plan.display());
        timer = scheduler.schedule(this::maxDurationReached, plan.maxDurationSeconds(), TimeUnit.SECONDS);
        publish();
    }

    @Override
    public synchronized void onFailed(SipLeg leg, int status) {
        LegRecord record = recordOf(leg);
        if (record == null || record.hasFinalAnswer()) {
            return;
        }
        record.failed(status, clock.instant());
        if (state == CallState.ENDED) {
            publish();
            return;
        }
        cancelTimer();
        if (record == fromLeg) {
            end(Outcome.ofFailure(Party.FROM, status), HangupBy.FROM);
        } else {
            // from has answered and waits for our ACK: confirm it with a declining answer, then BYE
            confirmAndHangUp(fromLeg, SdpPrivacy.declineAll(fromOffer));
            end(Outcome.ofFailure(Party.TO, status), HangupBy.SYSTEM);
        }
    }

    @Override
    public synchronized void onBye(SipLeg leg) {
        LegRecord record = recordOf(leg);
        if (record == null || state == CallState.ENDED) {
            return;
        }
        HangupBy by = record.party == Party.FROM ? HangupBy.FROM : HangupBy.TO;
        if (state == CallState.BRIDGED) {
            hangUp(other(record));
            end(Outcome.COMPLETED, by);
        } else {
            // from hung up while to was still ringing
            cancel(toLeg);
            end(Outcome.CANCELLED, by);
        }
    }

    /**
     * Relays a re-INVITE (hold, resume, codec change) to the other party, anonymised. One at a
     * time: another one meanwhile, from either side, gets 491 Request Pending (glare).
     */
    @Override
    public synchronized void onReInvite(SipLeg leg, String sdp) {
        LegRecord record = recordOf(leg);
        if (record == null) {
            return;
        }
        if (state != CallState.BRIDGED || reInviter != null) {
            answerReInvite(record, 491, null);
            return;
        }
        reInviter = record;
        try {
            other(record).sip.reInvite(sdp == null ? null : SdpPrivacy.anonymise(sdp));
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not relay a re-INVITE to the {} party", plan.id(), other(record).party, e);
            reInviter = null;
            answerReInvite(record, 500, null);
        }
    }

    @Override
    public synchronized void onReInviteAnswered(SipLeg leg, int status, String sdp) {
        LegRecord record = recordOf(leg);
        if (reInviter == null || record != other(reInviter)) {
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
        LegRecord record = recordOf(leg);
        if (record == null || record != reInviter) {
            return;
        }
        reInviter = null;
        try {
            other(record).sip.ackReInvite(sdp == null ? null : SdpPrivacy.anonymise(sdp));
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not acknowledge the relayed re-INVITE", plan.id(), e);
        }
    }

    private void answerReInvite(LegRecord record, int status, String sdp) {
        try {
            record.sip.answerReInvite(status, sdp);
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not answer the {} party's re-INVITE", plan.id(), record.party, e);
        }
    }

    /**
     * Ends the call from outside, for the API or at shutdown: a ringing leg is cancelled, an
     * answered one hung up (its 2xx confirmed first, declining media, when still unacknowledged).
     *
     * @return false if the call had already ended
     */
    synchronized boolean abort(HangupBy by) {
        switch (state) {
            case ENDED -> {
                return false;
            }
            case BRIDGED -> {
                hangUp(fromLeg);
                hangUp(toLeg);
                end(Outcome.COMPLETED, by);
            }
            default -> {
                if (toLeg != null) {
                    cancel(toLeg);
                    confirmAndHangUp(fromLeg, SdpPrivacy.declineAll(fromOffer));
                } else {
                    cancel(fromLeg);
                }
                end(Outcome.CANCELLED, by);
            }
        }
        return true;
    }

    private synchronized void ringTimedOut(LegRecord record) {
        if (state != CallState.ENDED && record.isPending()) {
            LOG.info("Call {}: {} did not answer in {} s", plan.id(), record.party, plan.ringTimeoutSeconds());
            cancel(record); // its 487 ends the call as no-answer
        }
    }

    private synchronized void maxDurationReached() {
        if (state == CallState.BRIDGED) {
            hangUp(fromLeg);
            hangUp(toLeg);
            end(Outcome.MAX_DURATION, HangupBy.SYSTEM);
        }
    }

    /** A snapshot of the call as it stands. */
    synchronized Call snapshot() {
        List<io.huibo.api.Leg> legList = new ArrayList<>(2);
        if (fromLeg != null) {
            legList.add(fromLeg.snapshot());
        }
        if (toLeg != null) {
            legList.add(toLeg.snapshot());
        }
        return new Call(plan.id(), state, plan.from(), plan.to(), plan.display(), plan.userData(), legList,
                createdAt, bridgedAt, endedAt, outcome, hangupBy);
    }

    private LegRecord invite(Party party, PhoneNumber callee, String sdp) {
        SipLeg sip = legs.create(callee, plan.display(), this);
        LegRecord record = new LegRecord(party, sip, clock.instant());
        try {
            sip.invite(sdp);
            timer = scheduler.schedule(() -> ringTimedOut(record), plan.ringTimeoutSeconds(), TimeUnit.SECONDS);
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not invite the {} party", plan.id(), party, e);
            record.failed(500, clock.instant());
            if (party == Party.TO) {
                toLeg = record;
                confirmAndHangUp(fromLeg, SdpPrivacy.declineAll(fromOffer));
            }
            end(Outcome.FAILED, HangupBy.SYSTEM);
        }
        return record;
    }

    private void end(Outcome how, HangupBy by) {
        if (state == CallState.ENDED) {
            return;
        }
        cancelTimer();
        Instant now = clock.instant();
        state = CallState.ENDED;
        endedAt = now;
        outcome = how;
        hangupBy = by;
        for (LegRecord leg : new LegRecord[] {fromLeg, toLeg}) {
            if (leg != null) {
                leg.end(now);
            }
        }
        LOG.info("Call {}: ended, outcome {}, hung up by {}", plan.id(), how.wireName(), by.wireName());
        publish();
        observer.ended(this);
    }

    private void publish() {
        observer.changed(snapshot(), ++changes);
    }

    private void confirmAndHangUp(LegRecord record, String sdpAnswer) {
        try {
            record.sip.ack(sdpAnswer);
        } catch (SignallingException e) {
            LOG.debug("Call {}: could not acknowledge {}", plan.id(), record.party, e);
        }
        hangUp(record);
    }

    private void hangUp(LegRecord record) {
        try {
            record.sip.bye();
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not hang up the {} party", plan.id(), record.party, e);
        }
    }

    private void cancel(LegRecord record) {
        if (record == null || !record.isPending()) {
            return;
        }
        try {
            record.sip.cancel();
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not cancel the {} party", plan.id(), record.party, e);
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private LegRecord recordOf(SipLeg leg) {
        if (fromLeg != null && fromLeg.sip == leg) {
            return fromLeg;
        }
        return toLeg != null && toLeg.sip == leg ? toLeg : null;
    }

    private LegRecord other(LegRecord record) {
        return record == fromLeg ? toLeg : fromLeg;
    }
}
