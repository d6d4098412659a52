package io.huibo.engine.internal;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.CallState;
import io.huibo.api.HangupBy;
import io.huibo.api.Outcome;
import io.huibo.api.Party;

/**
 * One masked callback, by RFC 3725 flow I: INVITE {@code from} without SDP; its 2xx holds the
 * offer; INVITE {@code to} with that offer; on {@code to}'s 2xx, ACK {@code to}, then ACK
 * {@code from} with {@code to}'s answer. Each party is shown only the display number, and SDP is
 * anonymised before it crosses.
 */
final class CallbackCall extends EngineCall {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackCall.class);

    private final SipLegFactory legs;
    private LegRecord<OutboundLeg> fromLeg;
    private LegRecord<OutboundLeg> toLeg;
    private String fromOffer;

    CallbackCall(Parties parties, SipLegFactory legs, ScheduledExecutorService scheduler, Clock clock,
            Observer observer) {
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

    synchronized void start() {
        state = CallState.CALLING_FROM;
        try {
            fromLeg = invite(legs, Party.FROM, parties.from(), null);
            publish();
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not invite the from party", parties.id(), e);
            end(Outcome.FAILED, HangupBy.SYSTEM);
        }
    }

    @Override
    public synchronized void onProvisional(SipLeg leg, int status, String sdp) {
        LegRecord<?> record = recordOf(leg);
        if (record != null && record.isPending() && state != CallState.ENDED) {
            record.ringing(clock.instant());
            publish();
        }
    }

    @Override
    public synchronized void onAnswered(SipLeg leg, String sdp) {
        LegRecord<?> record = recordOf(leg);
        if (record == null || record.hasFinalAnswer()) {
            return; // a retransmitted 2xx
        }
        LegRecord<OutboundLeg> outbound = record == fromLeg ? fromLeg : toLeg;
        if (state == CallState.ENDED) {
            // a 2xx crossing our CANCEL: the party must not be left on an open line
            LOG.debug("Call {}: {} answered after the call ended; hanging it up", parties.id(), record.party);
            record.answeredLate();
            confirmAndHangUp(outbound, sdp == null ? null : SdpPrivacy.declineAll(sdp));
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
            LOG.warn("Call {}: the from party answered without an SDP offer", parties.id());
            confirmAndHangUp(fromLeg, null);
            end(Outcome.FAILED, HangupBy.SYSTEM);
            return;
        }
        fromOffer = offer;
        state = CallState.CALLING_TO;
        try {
            toLeg = invite(legs, Party.TO, parties.to(), SdpPrivacy.anonymise(offer));
            publish(); // from's 2xx stays unacknowledged until to answers (flow I)
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not invite the to party", parties.id(), e);
            confirmAndHangUp(fromLeg, SdpPrivacy.declineAll(fromOffer));
            end(Outcome.FAILED, HangupBy.SYSTEM);
        }
    }

    private void toAnswered(String answer) {
        cancelTimer();
        try {
            toLeg.sip.ack(null);
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not acknowledge the to party", parties.id(), e);
        }
        if (answer == null) {
            LOG.warn("Call {}: the to party answered without an SDP answer", parties.id());
            hangUp(toLeg);
            confirmAndHangUp(fromLeg, SdpPrivacy.declineAll(fromOffer));
            end(Outcome.FAILED, HangupBy.SYSTEM);
            return;
        }
        try {
            fromLeg.sip.ack(SdpPrivacy.anonymise(answer));
        } catch (SignallingException e) {
            LOG.warn("Call {}: could not acknowledge the from party", parties.id(), e);
            hangUp(toLeg);
            end(Outcome.FAILED, HangupBy.SYSTEM);
            return;
        }
        bridged();
    }

    @Override
    public synchronized void onFailed(SipLeg leg, int status) {
        LegRecord<?> record = recordOf(leg);
        if (record == null || record.hasFinalAnswer()) {
            return;
        }
        record.failed(status, clock.instant());
        if (state == CallState.ENDED) {
            amend(); // a late final answer (487 to our CANCEL) completes the record
            return;
        }
        if (record == fromLeg) {
            end(Outcome.ofFailure(Party.FROM, status), HangupBy.FROM);
        } else {
            // from has answered and waits for our ACK: confirm it with a declining answer, then BYE
            confirmAndHangUp(fromLeg, SdpPrivacy.declineAll(fromOffer));
            end(Outcome.ofFailure(Party.TO, status), HangupBy.SYSTEM);
        }
    }

    /** Only from can hang up before the bridge: to was still ringing. */
    @Override
    protected void byeBeforeBridge(LegRecord<?> record, HangupBy by) {
        cancel(toLeg);
        end(Outcome.CANCELLED, by);
    }

    /** from, answered but still unacknowledged, is confirmed declining media, then hung up. */
    @Override
    protected void callOff() {
        if (toLeg != null) {
            cancel(toLeg);
            confirmAndHangUp(fromLeg, SdpPrivacy.declineAll(fromOffer));
        } else {
            cancel(fromLeg);
        }
    }

    private void confirmAndHangUp(LegRecord<OutboundLeg> record, String sdpAnswer) {
        try {
            record.sip.ack(sdpAnswer);
        } catch (SignallingException e) {
            LOG.debug("Call {}: could not acknowledge {}", parties.id(), record.party, e);
        }
        hangUp(record);
    }
}
