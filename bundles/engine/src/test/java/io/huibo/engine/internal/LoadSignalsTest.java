package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.huibo.api.Party;

/** What admission's signals measure, on a clock the test moves. */
class LoadSignalsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private int answeredProbes;

    @Test
    void setupLatencyIsTheMedianOfTheRecentWaitsOnceThereAreEnough() {
        SetupLatency latency = new SetupLatency();
        for (int i = 1; i < SetupLatency.MIN_SAMPLES; i++) {
            latency.sample(400, now.get());
        }
        assertEquals(0, latency.value(now.get()), "too few waits to judge: a cold start, one slow phone");
        latency.sample(400, now.get());
        assertEquals(400, latency.value(now.get()), 1e-9);
        for (int i = 0; i < SetupLatency.WINDOW; i++) {
            latency.sample(i % 5 == 0 ? 200 : 4, now.get()); // one phone in five slow
        }
        assertEquals(4, latency.value(now.get()), 1e-9, "a slow phone delays its own wait, not the median");
        for (int i = 0; i < SetupLatency.WINDOW / 2 + 1; i++) {
            latency.sample(350, now.get());
        }
        assertEquals(350, latency.value(now.get()), 1e-9, "when most wait, the engine is behind");
    }

    @Test
    void waitsLongEnoughToBeRetransmittedAreLeftOut() {
        SetupLatency latency = new SetupLatency();
        for (int i = 0; i < SetupLatency.WINDOW; i++) {
            latency.sample(i % 2 == 0 ? 4 : 520, now.get()); // half the INVITEs or their answers lost once
        }
        assertEquals(4, latency.value(now.get()), 1e-9, "loss is not a backlog: Karn's rule");
        for (int i = 0; i < SetupLatency.WINDOW; i++) {
            latency.sample(SetupLatency.RETRANSMITTED_MILLIS, now.get());
        }
        assertEquals(4, latency.value(now.get()), 1e-9, "only waits under T1 are judged");
    }

    @Test
    void aLegTellsItsWaitAtItsFirstProvisionalAndNotAtAnAnswerThatCameFirst() {
        List<Duration> told = new ArrayList<>();
        Instant invited = Instant.parse("2026-12-08T00:00:00Z");
        LegRecord<SipLeg> ringing = new LegRecord<>(Party.FROM, null, invited, told::add);
        ringing.ringing(invited.plusMillis(7));
        ringing.ringing(invited.plusMillis(9));
        ringing.answered(invited.plusMillis(300));
        assertEquals(List.of(Duration.ofMillis(7)), told, "once, at the first provisional");

        LegRecord<SipLeg> provisionalLost = new LegRecord<>(Party.TO, null, invited, told::add);
        provisionalLost.answered(invited.plusMillis(300));
        provisionalLost.ringing(invited.plusMillis(310));
        assertEquals(List.of(Duration.ofMillis(7)), told, "a 2xx first: its 180 may have been lost, no wait to judge");
    }

    @Test
    void setupLatencyIsForgottenWhenNoWaitCameForAWhile() {
        SetupLatency latency = new SetupLatency();
        for (int i = 0; i < SetupLatency.WINDOW; i++) {
            latency.sample(300, now.get());
        }
        assertEquals(300, latency.value(now.get() + SetupLatency.STALE_NANOS - 1), 1e-9);
        assertEquals(0, latency.value(now.get() + SetupLatency.STALE_NANOS), "stale: shedding must be able to end");
        now.addAndGet(SetupLatency.STALE_NANOS);
        latency.sample(300, now.get());
        assertEquals(0, latency.value(now.get()), "after a quiet spell one wait is not enough again");
    }

    @Test
    void retransmissionsCountPerInviteAndNeverOverAFewInvitesOnly() {
        RetransmissionRate rate = new RetransmissionRate(now::get);
        rate.invited();
        rate.retransmitted();
        rate.retransmitted();
        assertEquals(2 / RetransmissionRate.MIN_INVITES, rate.value(now.get()), 1e-9, "two of one INVITE is not a storm");
        for (int i = 0; i < 99; i++) {
            rate.invited();
        }
        for (int i = 0; i < 148; i++) {
            rate.retransmitted();
        }
        assertEquals(1.5, rate.value(now.get()), 1e-9);
    }

    @Test
    void retransmissionsFadeAsTheyGrowOld() {
        RetransmissionRate rate = new RetransmissionRate(now::get);
        for (int i = 0; i < 100; i++) {
            rate.invited();
            rate.retransmitted();
            rate.retransmitted();
        }
        assertEquals(2, rate.value(now.get()), 1e-9);
        double later = rate.value(now.get() + 10 * RetransmissionRate.DECAY_NANOS);
        assertTrue(later < 0.01, "old retransmissions fade once INVITEs stop: " + later);
    }

    @Test
    void stackLagProbesOnDemandOneAtATime() {
        List<ResponseHandler> sent = new ArrayList<>();
        StackLag lag = new StackLag(sent::add, now::get);
        assertEquals(0, lag.value(now.get()), "nothing measured yet");
        assertEquals(1, sent.size(), "reading it sent the first probe");
        now.addAndGet(30 * MS);
        lag.value(now.get());
        assertEquals(1, sent.size(), "one probe at a time");
        sent.get(0).handleResponse(null, null);
        lag.value(now.get());
        assertEquals(1, sent.size(), "the next probe waits for its interval");
        now.addAndGet(StackLag.INTERVAL_NANOS);
        lag.value(now.get());
        assertEquals(2, sent.size(), "a read after the interval probes again");
    }

    @Test
    void stackLagIsTheLesserOfTwoRoundTripsSoOnePauseIsNotABacklog() {
        List<ResponseHandler> sent = new ArrayList<>();
        StackLag lag = new StackLag(sent::add, now::get);
        roundTrip(lag, sent, 2);
        roundTrip(lag, sent, 300); // a pause of the collector
        assertEquals(2, lag.value(now.get()), 1e-9, "one slow probe is a hiccup");
        roundTrip(lag, sent, 3);
        assertEquals(3, lag.value(now.get()), 1e-9);
        roundTrip(lag, sent, 150);
        roundTrip(lag, sent, 200);
        assertEquals(150, lag.value(now.get()), 1e-9, "two slow probes in a row are a backlog");
    }

    @Test
    void stackLagCountsTheAgeOfAProbeStillOutAfterASlowOne() {
        List<ResponseHandler> sent = new ArrayList<>();
        StackLag lag = new StackLag(sent::add, now::get);
        roundTrip(lag, sent, 400);
        now.addAndGet(StackLag.INTERVAL_NANOS);
        lag.value(now.get()); // the next probe goes out
        assertEquals(2, sent.size());
        now.addAndGet(250 * MS);
        assertEquals(250, lag.value(now.get()), 1e-9, "still out after 250 ms, after one of 400");
        now.addAndGet(StackLag.STALE_NANOS);
        sent.get(sent.size() - 1).handleTimeout(null);
        assertTrue(lag.value(now.get()) >= 400, "a deep backlog reads as deep however long its probes take");
    }

    @Test
    void stackLagGivesUpOnALostProbeAsThatSlowAndSendsTheNext() {
        List<ResponseHandler> sent = new ArrayList<>();
        StackLag lag = new StackLag(sent::add, now::get);
        roundTrip(lag, sent, 300);
        now.addAndGet(StackLag.INTERVAL_NANOS);
        lag.value(now.get());
        assertEquals(2, sent.size());
        now.addAndGet(StackLag.GIVE_UP_NANOS);
        assertEquals(300, lag.value(now.get()), 1e-9, "the lost one counts as slow as its wait, beside the one before");
        assertEquals(3, sent.size(), "and the next probe is out");
        sent.get(1).handleResponse(null, null); // the lost one's late answer
        now.addAndGet(2 * MS);
        sent.get(2).handleResponse(null, null);
        assertEquals(2, lag.value(now.get()), 1e-9, "a late answer to a probe given up counts no more");
    }

    @Test
    void stackLagForgetsRoundTripsFromBeforeAQuietSpell() {
        List<ResponseHandler> sent = new ArrayList<>();
        StackLag lag = new StackLag(sent::add, now::get);
        roundTrip(lag, sent, 400);
        roundTrip(lag, sent, 400);
        now.addAndGet(StackLag.STALE_NANOS);
        assertEquals(0, lag.value(now.get()), "the first call after a quiet spell is not judged by the last busy one");
        now.addAndGet(5 * MS);
        sent.get(sent.size() - 1).handleResponse(null, null);
        assertEquals(0, lag.value(now.get()), "nor is the probe after it paired with those of before");
    }

    /**
     * One probe answered {@code millis} after it went out: the one a read sent already, or else
     * one a read sends once its interval has passed (reads send probes, the test's own too).
     */
    private void roundTrip(StackLag lag, List<ResponseHandler> sent, long millis) {
        if (sent.size() == answeredProbes) {
            now.addAndGet(StackLag.INTERVAL_NANOS);
            lag.value(now.get());
            assertEquals(answeredProbes + 1, sent.size(), "a probe went out");
        }
        now.addAndGet(millis * MS);
        sent.get(answeredProbes++).handleResponse(null, null);
    }
}
