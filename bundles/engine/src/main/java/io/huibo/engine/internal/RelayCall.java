package io.huibo.engine.internal;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.CallState;
import io.huibo.api.HangupBy;
import io.huibo.api.Outcome;
import io.huibo.api.Party;

/**
 * A call to a virtual number X relayed, as a back-to-back user agent, to the party its binding
 * names: the caller's INVITE is answered by Huibo; a new INVITE, showing X, goes to the other
 * party; ringing, early media, the answer, re-INVITEs and hang-ups cross between the two, SDP
 * anonymised, and nothing else of either party reaches the other.
 */
final class RelayCall extends EngineCall implements InboundLeg.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(RelayCall.class);
    private static final int UNAVAILABLE = 480;
    /** How long the caller has to acknowledge our 2xx: 64*T1 (RFC 3261 §13.3.1.4), as the stack retransmits it. */
    private static final int ACK_WAIT_SECONDS = 32;

    private final SipLegFactory legs;
    private LegRecord<InboundLeg> fromLeg;
    private LegRecord<OutboundLeg> toLeg;
    private boolean offerless;
    private boolean acknowledged;
    private ScheduledFuture<?> ackDeadline;

    RelayCall(Parties parties, SipLegFactory legs, ScheduledExecutorService scheduler, Clock clock, Observer observer) {
        super(parties, scheduler, clock, observer);
        this.legs = legs;
    }

    @Override
    protected LegRecord<?> fromLeg() {
        return fromLeg;
    }

    @Override
    protected LegRecord<?> toLeg() {
        return toLeg;
    }

    /** Takes the caller's leg and calls the bound party with the caller's offer, anonymised. */
    synchronized void start(InboundLeg caller) {
        fromLeg = new LegRecord<>(Party.FROM, caller, clock.instant());
        state = CallState.CALLING_TO;
        String offer = caller.offer();
        offerless = offer == null;
        try {
            toLeg = invite(legs, Party.TO, parties.to(), offerless ? null : SdpPrivacy.anonymise(offer));
            publish();
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not invite the bound party", parties.id(), e);
            refuseCaller(UNAVAILABLE);
            end(Outcome.FAILED, HangupBy.SYSTEM);
        }
    }

    @Override
    public synchronized void onProvisional(SipLeg leg, int status, String sdp) {
        if (toLeg == null || leg != toLeg.sip || !toLeg.isPending() || state == CallState.ENDED) {
            return;
        }
        toLeg.ringing(clock.instant());
        fromLeg.ringing(clock.instant());
        if (status >= 180) {
            try {
                fromLeg.sip.provisional(sdp == null ? 180 : 183, sdp == null ? null : SdpPrivacy.anonymise(sdp));
            } catch (SignallingException e) {
                LOG.debug("Call {}: could not pass on ringing", parties.id(), e);
            }
        }
        publish();
    }

    @Override
    public synchronized void onAnswered(SipLeg leg, String sdp) {
        if (toLeg == null || leg != toLeg.sip || toLeg.hasFinalAnswer()) {
            return; // a retransmitted 2xx
        }
        if (state == CallState.ENDED) {
            toLeg.answeredLate(); // a 2xx crossing our CANCEL: do not leave the party on an open line
            confirmAndHangUp(sdp == null ? null : SdpPrivacy.declineAll(sdp));
            return;
        }
        cancelTimer();
        toLeg.answered(clock.instant());
        if (sdp == null) {
            LOG.warn("Call {}: the bound party answered without SDP", parties.id());
            confirmAndHangUp(null);
            refuseCaller(UNAVAILABLE);
            end(Outcome.FAILED, HangupBy.SYSTEM);
            return;
        }
        try {
            if (!offerless) {
                toLeg.sip.ack(null);
            }
            fromLeg.sip.answer(SdpPrivacy.anonymise(sdp));
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not connect the caller", parties.id(), e);
            hangUp(toLeg);
            end(Outcome.FAILED, HangupBy.SYSTEM);
            return;
        }
        fromLeg.answered(clock.instant());
        bridged();
        ackDeadline = scheduler.schedule(this::ackDeadlinePassed, ACK_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The caller never confirmed the answer (every ACK lost, or they are gone): the session ends,
     * and the bound party is not left on an open line. The stack has given up the caller's dialog.
     */
    private synchronized void ackDeadlinePassed() {
        if (acknowledged || state == CallState.ENDED) {
            return;
        }
        LOG.info("Call {}: the caller never acknowledged the answer; releasing the bound party", parties.id());
        confirmAndHangUp(null);
        end(Outcome.FAILED, HangupBy.SYSTEM);
    }

    /** The caller's ACK: for an offerless INVITE it carries the answer the bound party waits for. */
    @Override
    public synchronized void onAcknowledged(InboundLeg leg, String sdp) {
        acknowledged = true;
        if (ackDeadline != null) {
            ackDeadline.cancel(false);
        }
        if (offerless && toLeg != null && state != CallState.ENDED) {
            try {
                toLeg.sip.ack(sdp == null ? null : SdpPrivacy.anonymise(sdp));
            } catch (SignallingException e) {
                LOG.warn("Call {}: could not acknowledge the bound party", parties.id(), e);
            }
        }
    }

    @Override
    public synchronized void onFailed(SipLeg leg, int status) {
        if (toLeg == null || leg != toLeg.sip || toLeg.hasFinalAnswer()) {
            return;
        }
        toLeg.failed(status, clock.instant());
        if (state == CallState.ENDED) {
            amend(); // a late final answer (487 to our CANCEL) completes the record
            return;
        }
        // our own timeouts (408, or 487 after the ring timeout's CANCEL) read to the caller as unavailable
        refuseCaller(status == 408 || status == 487 ? UNAVAILABLE : status);
        end(Outcome.ofFailure(Party.TO, status), HangupBy.SYSTEM);
    }

    @Override
    public synchronized void onCancelled(InboundLeg leg) {
        if (state == CallState.ENDED) {
            return;
        }
        fromLeg.failed(487, clock.instant());
        cancel(toLeg);
        end(Outcome.CANCELLED, HangupBy.FROM);
    }

    /** Neither side can hang up before the bridge: only the caller's CANCEL ends it then. */
    @Override
    protected void byeBeforeBridge(LegRecord<?> record, HangupBy by) {
        cancel(toLeg);
        end(Outcome.CANCELLED, by);
    }

    @Override
    protected void callOff() {
        cancel(toLeg);
        refuseCaller(UNAVAILABLE);
    }

    private void refuseCaller(int status) {
        fromLeg.failed(status, clock.instant());
        try {
            fromLeg.sip.reject(status);
        } catch (SignallingException e) {
            LOG.debug("Call {}: could not refuse the caller", parties.id(), e);
        }
    }

    private void confirmAndHangUp(String sdpAnswer) {
        try {
            toLeg.sip.ack(sdpAnswer);
        } catch (SignallingException e) {
            LOG.debug("Call {}: could not acknowledge the bound party", parties.id(), e);
        }
        hangUp(toLeg);
    }
}
