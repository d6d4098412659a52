package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** What admission's signals measure, on a clock the test moves. */
class LoadSignalsTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong(5_000 * MS);

    @Test
    void setupLatencyStartsAtItsFirstSampleThenMovesByItsWeight() {
        SetupLatency latency = new SetupLatency();
        assertEquals(0, latency.value(now.get()), "no sample, no latency");
        latency.sample(300, now.get());
        assertEquals(300, latency.value(now.get()), 1e-9);
        latency.sample(100, now.get());
        assertEquals(280, latency.value(now.get()), 1e-9, "one fast answer moves the average a tenth of the way");
    }

    @Test
    void setupLatencyIsForgottenWhenNoSampleCameForAWhile() {
        SetupLatency latency = new SetupLatency();
        latency.sample(300, now.get());
        assertEquals(300, latency.value(now.get() + SetupLatency.STALE_NANOS - 1), 1e-9);
        assertEquals(0, latency.value(now.get() + SetupLatency.STALE_NANOS), "stale: shedding must be able to end");
        latency.sample(20, now.get() + SetupLatency.STALE_NANOS);
        assertEquals(20, latency.value(now.get() + SetupLatency.STALE_NANOS), 1e-9, "a fresh start after a quiet spell");
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
    void stackLagProbesOnDemandOneAtATimeAndReadsTheRoundTrip() {
        List<ResponseHandler> sent = new ArrayList<>();
        StackLag lag = new StackLag(sent::add, now::get);
        assertEquals(0, lag.value(now.get()), "nothing measured yet");
        assertEquals(1, sent.size(), "reading it sent the first probe");
        now.addAndGet(30 * MS);
        assertEquals(30, lag.value(now.get()), 1e-9, "an unanswered probe's age counts");
        assertEquals(1, sent.size(), "one probe at a time");
        now.addAndGet(10 * MS);
        sent.get(0).handleResponse(null, null);
        assertEquals(40, lag.value(now.get()), 1e-9, "the round trip");
        assertEquals(1, sent.size(), "the next probe waits for its interval");
        now.addAndGet(StackLag.INTERVAL_NANOS);
        lag.value(now.get());
        assertEquals(2, sent.size(), "a read after the interval probes again");
        now.addAndGet(2 * MS);
        sent.get(1).handleResponse(null, null);
        assertEquals(2, lag.value(now.get()), 1e-9);
    }

    @Test
    void stackLagCountsAProbeThatNeverCameBack() {
        List<ResponseHandler> sent = new ArrayList<>();
        StackLag lag = new StackLag(sent::add, now::get);
        lag.value(now.get());
        now.addAndGet(500 * MS);
        sent.get(0).handleTimeout(null);
        assertEquals(500, lag.value(now.get()), 1e-9, "a lost probe's whole wait is lag");
    }

    @Test
    void stackLagForgetsAnAnswerFromBeforeAQuietSpell() {
        List<ResponseHandler> sent = new ArrayList<>();
        StackLag lag = new StackLag(sent::add, now::get);
        lag.value(now.get());
        now.addAndGet(400 * MS);
        sent.get(0).handleResponse(null, null);
        now.addAndGet(StackLag.STALE_NANOS);
        assertEquals(0, lag.value(now.get()), "the first call after a quiet spell is not judged by the last busy one");
        assertEquals(2, sent.size(), "and it probes afresh");
    }
}
