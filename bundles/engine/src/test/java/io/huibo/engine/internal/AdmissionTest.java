package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.huibo.api.Overload;

/** Admission's decisions over signals whose values the test sets, on a clock the test moves. */
class AdmissionTest {
    private static final long HOLD = TimeUnit.MILLISECONDS.toNanos(500);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Dial latency = new Dial("setup latency", "ms");
    private final Dial lag = new Dial("SIP stack lag", "ms");
    private final Admission admission = new Admission(policy(100, 50, 0.5), now::get);

    @Test
    void admitsWhileEverySignalIsBelowItsThreshold() {
        latency.value = 99;
        lag.value = 49.9;
        assertEquals(Optional.empty(), admission.overload());
    }

    @Test
    void shedsOnceAnySignalReachesItsThresholdAndSaysWhichAndWhenToRetry() {
        lag.value = 50;
        Overload overload = admission.overload().orElseThrow();
        assertTrue(overload.reason().contains("SIP stack lag 50.00ms"), overload.reason());
        assertTrue(overload.reason().contains("threshold 50.00ms"), overload.reason());
        assertEquals(Admission.RETRY_AFTER_SECONDS, overload.retryAfterSeconds());
    }

    @Test
    void keepsSheddingForItsHoldEvenWhenTheSignalDropsAtOnce() {
        latency.value = 150;
        assertTrue(admission.overload().isPresent());
        latency.value = 0;
        advance(HOLD - 1);
        assertTrue(admission.overload().isPresent(), "no flapping within the hold");
        advance(1);
        assertFalse(admission.overload().isPresent(), "after the hold, a quiet signal admits again");
    }

    @Test
    void resumesOnlyBelowTheResumeFractionOfEveryThreshold() {
        latency.value = 120;
        assertTrue(admission.overload().isPresent());
        advance(HOLD);
        latency.value = 80; // below the threshold, not below half of it
        assertTrue(admission.overload().isPresent(), "between the fraction and the threshold it still sheds");
        latency.value = 49;
        lag.value = 30; // the other signal is above half of its own
        assertTrue(admission.overload().isPresent(), "every signal must be below its fraction");
        lag.value = 24;
        assertFalse(admission.overload().isPresent(), "recovered");
        latency.value = 80;
        assertFalse(admission.overload().isPresent(), "once admitting, only the threshold itself sheds again");
    }

    @Test
    void aSignalWithoutAThresholdIsNotWatched() {
        Admission unwatched = new Admission(policy(0, 50, 0.5), now::get);
        latency.value = 1e9;
        assertEquals(Optional.empty(), unwatched.overload());
    }

    @Test
    void newThresholdsApplyToTheNextCall() {
        latency.value = 150;
        admission.reconfigure(policy(200, 50, 0.5));
        assertEquals(Optional.empty(), admission.overload());
        admission.reconfigure(policy(150, 50, 0.5));
        assertTrue(admission.overload().isPresent());
    }

    @Test
    void settingsRefuseFractionsOutsideTheUnitAndNegativeThresholds() {
        assertThrowsIllegal(() -> new AdmissionSettings(100, 100, 1, 0, 500));
        assertThrowsIllegal(() -> new AdmissionSettings(100, 100, 1, 1.5, 500));
        assertThrowsIllegal(() -> new AdmissionSettings(-1, 100, 1, 0.5, 500));
        assertThrowsIllegal(() -> new AdmissionSettings(100, 100, 1, 0.5, -1));
    }

    private static void assertThrowsIllegal(Runnable r) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
    }

    private Admission.Policy policy(double latencyMillis, double lagMillis, double resume) {
        return new Admission.Policy(List.of(new Admission.Limit(latency, latencyMillis), new Admission.Limit(lag, lagMillis)),
                resume, HOLD);
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }

    /** A signal that reads what the test set. */
    private static final class Dial implements LoadSignal {
        private final String name;
        private final String unit;
        volatile double value;

        Dial(String name, String unit) {
            this.name = name;
            this.unit = unit;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String unit() {
            return unit;
        }

        @Override
        public double value(long nowNanos) {
            return value;
        }
    }
}
