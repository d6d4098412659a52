package io.huibo.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(1000, 600_000);
    private final Instant created = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void waitsDoubleFromTheBaseUpToTheCap() {
        assertEquals(1000, backoff.ceilingMillis(1));
        assertEquals(2000, backoff.ceilingMillis(2));
        assertEquals(4000, backoff.ceilingMillis(3));
        assertEquals(512_000, backoff.ceilingMillis(10));
        assertEquals(600_000, backoff.ceilingMillis(11));
        assertEquals(600_000, backoff.ceilingMillis(500));
    }

    @Test
    void eachWaitIsJitteredBetweenHalfAndAllOfItsCeiling() {
        Instant now = created.plusSeconds(60);
        for (int i = 0; i < 200; i++) {
            long wait = Duration.between(now, backoff.next(created, 3, now)).toMillis();
            assertTrue(wait >= 2000 && wait <= 4000, "waited " + wait);
        }
    }

    @Test
    void theLastAttemptIsAt24HoursAndThenItGivesUp() {
        Instant late = created.plus(Duration.ofHours(24)).minusSeconds(1);
        assertEquals(created.plus(Duration.ofHours(24)), backoff.next(created, 20, late));
        assertNull(backoff.next(created, 21, created.plus(Duration.ofHours(24))));
    }
}
