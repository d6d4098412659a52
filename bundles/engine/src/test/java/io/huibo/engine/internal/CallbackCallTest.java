package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.HangupBy;
import io.huibo.api.LegState;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;

/** The callback state machine, driven leg event by leg event without a network. */
class CallbackCallTest {
    private static final PhoneNumber A = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber B = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber X = PhoneNumber.ofE164("+8657188880000");
    private static final String OFFER = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=Alice 13800138000\r\n"
            + "i=call from 13800138000\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";
    private static final String ANSWER = "v=0\r\no=bob 2 2 IN IP4 127.0.0.1\r\ns=Bob\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 7000 RTP/AVP 0\r\n";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<ScriptedLeg> legs = new ArrayList<>();
    private final List<Call> published = new CopyOnWriteArrayList<>();
    private final List<String> ended = new CopyOnWriteArrayList<>();
    private final List<Long> sequences = new CopyOnWriteArrayList<>();
    private final List<Call> amendments = new CopyOnWriteArrayList<>();
    private final List<Duration> setups = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopScheduler() {
        scheduler.shutdownNow();
    }

    @Test
    void eachInviteTellsAdmissionOnceHowLongItsFirstProvisionalTook() {
        CallbackCall call = start(30);
        ScriptedLeg from = legs.get(0);
        assertTrue(setups.isEmpty(), "nothing is timed before a response");
        call.onProvisional(from, 100, null);
        call.onProvisional(from, 180, null);
        call.onAnswered(from, OFFER);
        assertEquals(1, setups.size(), "the from leg's first response only: " + setups);
        call.onAnswered(legs.get(1), ANSWER);
        assertEquals(1, setups.size(), "the to leg's 2xx came first: its provisional may have been lost: " + setups);
        assertTrue(setups.stream().noneMatch(Duration::isNegative), setups.toString());
    }

    @Test
    void bridgesByFlowIAndEndsWhenToHangsUp() {
        CallbackCall call = start(30);
        ScriptedLeg from = legs.get(0);
        assertEquals(A, from.callee);
        assertEquals(X, from.display);
        assertEquals(List.of("invite:null"), from.actions, "from is invited without SDP");

        call.onProvisional(from, 180, null);
        call.onAnswered(from, OFFER);
        ScriptedLeg to = legs.get(1);
        assertEquals(B, to.callee);
        String offerToB = to.actions.get(0);
        assertTrue(offerToB.startsWith("invite:v=0"), "to is invited with from's offer");
        assertFalse(offerToB.contains("13800138000") || offerToB.contains("alice") || offerToB.contains("Alice"),
                "nothing in the offer names from: " + offerToB);
        assertEquals(List.of("invite:null"), from.actions, "from's 2xx waits for to's answer");
        assertEquals(CallState.CALLING_TO, call.snapshot().state());

        call.onAnswered(to, ANSWER);
        assertEquals(List.of("invite:" + SdpPrivacy.anonymise(OFFER), "ack:null"), to.actions);
        assertEquals("ack:" + SdpPrivacy.anonymise(ANSWER), from.actions.get(1), "from gets to's answer in its ACK");
        Call bridged = call.snapshot();
        assertEquals(CallState.BRIDGED, bridged.state());
        assertNotNull(bridged.bridgedAt());

        call.onBye(to);
        assertEquals("bye", from.actions.get(2), "a BYE from to ends from");
        Call done = call.snapshot();
        assertEquals(CallState.ENDED, done.state());
        assertEquals(Outcome.COMPLETED, done.outcome());
        assertEquals(HangupBy.TO, done.hangupBy());
        assertEquals(LegState.ENDED, done.leg(Party.FROM).state());
        assertEquals(LegState.ENDED, done.leg(Party.TO).state());
        assertEquals(List.of(call.id()), ended);
        assertEquals(done, published.get(published.size() - 1), "the final state was published");
    }

    @Test
    void aBusyToEndsTheCallAndReleasesFromWithADecliningAnswer() {
        CallbackCall call = start(30);
        ScriptedLeg from = legs.get(0);
        call.onAnswered(from, OFFER);
        ScriptedLeg to = legs.get(1);
        call.onFailed(to, 486);

        assertTrue(from.actions.get(1).startsWith("ack:") && from.actions.get(1).contains("m=audio 0 RTP/AVP 0"),
                "from's 2xx is confirmed with every stream declined: " + from.actions.get(1));
        assertEquals("bye", from.actions.get(2));
        Call done = call.snapshot();
        assertEquals(Outcome.TO_BUSY, done.outcome());
        assertEquals(HangupBy.SYSTEM, done.hangupBy());
        assertEquals(486, done.leg(Party.TO).sipStatus());
        assertEquals(LegState.FAILED, done.leg(Party.TO).state());
        assertNull(done.bridgedAt());
    }

    @Test
    void aRejectingFromEndsTheCallBeforeToIsCalled() {
        CallbackCall call = start(30);
        call.onFailed(legs.get(0), 603);
        assertEquals(1, legs.size(), "to is never called");
        assertEquals(Outcome.FROM_REJECTED, call.snapshot().outcome());
        assertEquals(HangupBy.FROM, call.snapshot().hangupBy());
    }

    @Test
    void aLateFinalAnswerCompletesTheRecordWithoutAnnouncingTheEndAgain() {
        CallbackCall call = start(30);
        call.onAnswered(legs.get(0), OFFER);
        ScriptedLeg to = legs.get(1);
        call.onProvisional(to, 180, null);
        assertTrue(call.abort(HangupBy.API));
        int announced = published.size();
        call.onFailed(to, 487);
        assertEquals(announced, published.size(), "the end is announced once");
        assertEquals(487, amendments.get(amendments.size() - 1).leg(Party.TO).sipStatus());
    }

    @Test
    void aLegThatRingsTooLongIsCancelledAndEndsAsNoAnswer() throws Exception {
        CallbackCall call = start(1);
        ScriptedLeg from = legs.get(0);
        call.onProvisional(from, 180, null);
        long deadline = System.currentTimeMillis() + 5000;
        while (!from.actions.contains("cancel") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(from.actions.contains("cancel"), "from is cancelled at its ring timeout");
        call.onFailed(from, 487);
        assertEquals(Outcome.FROM_NO_ANSWER, call.snapshot().outcome());
    }

    @Test
    void fromHangingUpWhileToRingsCancelsToAndALate2xxIsClosed() {
        CallbackCall call = start(30);
        ScriptedLeg from = legs.get(0);
        call.onAnswered(from, OFFER);
        ScriptedLeg to = legs.get(1);
        call.onProvisional(to, 180, null);
        call.onBye(from);
        assertEquals("cancel", to.actions.get(1));
        assertEquals(Outcome.CANCELLED, call.snapshot().outcome());
        assertEquals(HangupBy.FROM, call.snapshot().hangupBy());

        int announced = published.size();
        call.onFailed(from, 487); // not pending any more: ignored
        assertEquals(announced, published.size());
        call.onAnswered(to, ANSWER); // the 2xx crossed our CANCEL
        assertEquals(List.of("ack:" + SdpPrivacy.declineAll(ANSWER), "bye"), to.actions.subList(2, 4));
        assertEquals(1, ended.size(), "the call ended once");
    }

    @Test
    void retransmittedAnswersChangeNothing() {
        CallbackCall call = start(30);
        ScriptedLeg from = legs.get(0);
        call.onAnswered(from, OFFER);
        call.onAnswered(from, OFFER);
        assertEquals(2, legs.size(), "to is invited once");
        call.onFailed(legs.get(1), 480);
        call.onFailed(legs.get(1), 480);
        assertEquals(Outcome.TO_NO_ANSWER, call.snapshot().outcome());
        assertEquals(1, ended.size());
    }

    @Test
    void aReInviteIsRelayedAnonymisedAndGlareGets491() {
        CallbackCall call = bridged();
        ScriptedLeg from = legs.get(0);
        ScriptedLeg to = legs.get(1);
        String hold = OFFER.replace("m=audio 6000 RTP/AVP 0\r\n", "m=audio 6000 RTP/AVP 0\r\na=sendonly\r\n");

        call.onReInvite(from, hold);
        assertEquals("reinvite:" + SdpPrivacy.anonymise(hold), last(to), "from's hold goes to to, anonymised");
        call.onReInvite(to, ANSWER);
        assertEquals("answer-reinvite:491:null", last(to), "a re-INVITE from the other side meanwhile is glare");

        call.onReInviteAnswered(to, 200, ANSWER);
        assertEquals("answer-reinvite:200:" + SdpPrivacy.anonymise(ANSWER), last(from));
        call.onReInviteAcknowledged(from, null);
        assertEquals("ack-reinvite:null", last(to), "from's ACK completes to's re-INVITE transaction");

        call.onReInvite(to, ANSWER);
        assertEquals("reinvite:" + SdpPrivacy.anonymise(ANSWER), last(from), "the next re-INVITE may come from to");
        call.onReInviteAnswered(from, 488, null);
        assertEquals("answer-reinvite:488:null", last(to), "a refusal is relayed as it is");
        assertEquals(CallState.BRIDGED, call.snapshot().state(), "the call goes on unchanged");
    }

    @Test
    void aReInviteBeforeTheBridgeGets491() {
        CallbackCall call = start(30);
        ScriptedLeg from = legs.get(0);
        call.onAnswered(from, OFFER);
        call.onReInvite(from, OFFER);
        assertEquals("answer-reinvite:491:null", last(from));
    }

    @Test
    void theApiHangsUpABridgedCallOrCancelsARingingOne() {
        CallbackCall bridged = bridged();
        assertTrue(bridged.abort(HangupBy.API));
        assertEquals("bye", last(legs.get(0)));
        assertEquals("bye", last(legs.get(1)));
        assertEquals(Outcome.COMPLETED, bridged.snapshot().outcome());
        assertEquals(HangupBy.API, bridged.snapshot().hangupBy());
        assertFalse(bridged.abort(HangupBy.API), "an ended call cannot be ended again");

        legs.clear();
        CallbackCall ringing = start(30);
        ringing.onAnswered(legs.get(0), OFFER);
        ringing.onProvisional(legs.get(1), 180, null);
        assertTrue(ringing.abort(HangupBy.API));
        assertEquals("cancel", last(legs.get(1)));
        assertEquals("bye", last(legs.get(0)), "from, answered but unacknowledged, is confirmed then hung up");
        assertEquals(Outcome.CANCELLED, ringing.snapshot().outcome());
    }

    @Test
    void eachChangeIsPublishedWithItsSequenceNumber() {
        CallbackCall call = bridged();
        call.onBye(legs.get(0));
        assertEquals(List.of(CallState.CALLING_FROM, CallState.CALLING_FROM, CallState.CALLING_TO,
                CallState.BRIDGED, CallState.ENDED), published.stream().map(Call::state).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences);
    }

    private CallbackCall bridged() {
        CallbackCall call = start(30);
        call.onProvisional(legs.get(legs.size() - 1), 180, null);
        call.onAnswered(legs.get(legs.size() - 1), OFFER);
        call.onAnswered(legs.get(legs.size() - 1), ANSWER);
        assertEquals(CallState.BRIDGED, call.snapshot().state());
        return call;
    }

    private static String last(ScriptedLeg leg) {
        return leg.actions.get(leg.actions.size() - 1);
    }

    private CallbackCall start(int ringTimeoutSeconds) {
        EngineCall.Parties plan = new EngineCall.Parties("c_test", Tenant.DEFAULT, CallKind.CALLBACK, null, A, B, X, null, null,
                ringTimeoutSeconds, 600);
        CallbackCall call = new CallbackCall(plan, (callee, display, listener) -> {
            ScriptedLeg leg = new ScriptedLeg(callee, display);
            legs.add(leg);
            return leg;
        }, scheduler, Clock.systemUTC(), new EngineCall.Observer() {
            @Override
            public void changed(Call snapshot, long sequence) {
                published.add(snapshot);
                sequences.add(sequence);
            }

            @Override
            public void ended(EngineCall c) {
                ended.add(c.id());
            }

            @Override
            public void amended(Call snapshot) {
                amendments.add(snapshot);
            }

            @Override
            public void responded(Duration setup) {
                setups.add(setup);
            }
        });
        call.start();
        return call;
    }

    /** A leg that records what the call asked of it. */
    private static final class ScriptedLeg implements OutboundLeg {
        final PhoneNumber callee;
        final PhoneNumber display;
        final List<String> actions = new CopyOnWriteArrayList<>();

        ScriptedLeg(PhoneNumber callee, PhoneNumber display) {
            this.callee = callee;
            this.display = display;
        }

        @Override
        public void invite(String sdpOffer) {
            actions.add("invite:" + sdpOffer);
        }

        @Override
        public void ack(String sdpAnswer) {
            actions.add("ack:" + sdpAnswer);
        }

        @Override
        public void bye() {
            actions.add("bye");
        }

        @Override
        public void cancel() {
            actions.add("cancel");
        }

        @Override
        public void reInvite(String sdp) {
            actions.add("reinvite:" + sdp);
        }

        @Override
        public void ackReInvite(String sdpAnswer) {
            actions.add("ack-reinvite:" + sdpAnswer);
        }

        @Override
        public void answerReInvite(int status, String sdp) {
            actions.add("answer-reinvite:" + status + ":" + sdp);
        }
    }
}
