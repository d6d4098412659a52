package io.huibo.adapters.clinic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class Hl7TimeTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    void aTimeWithoutOffsetIsInTheClinicsZone() {
        assertEquals(Instant.parse("2026-11-23T01:30:00Z"), Hl7Time.parse("202611230930", SHANGHAI));
    }

    @Test
    void anOffsetWinsOverTheZone() {
        assertEquals(Instant.parse("2026-11-23T11:30:15.250Z"), Hl7Time.parse("20261123093015.25-0200", SHANGHAI));
    }

    @Test
    void lessThanAMinuteIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Hl7Time.parse("20261123", SHANGHAI));
        assertThrows(IllegalArgumentException.class, () -> Hl7Time.parse("2026112309", SHANGHAI));
    }

    @Test
    void anImpossibleDateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Hl7Time.parse("202602300930", SHANGHAI));
        assertThrows(IllegalArgumentException.class, () -> Hl7Time.parse("tomorrow", SHANGHAI));
        assertThrows(IllegalArgumentException.class, () -> Hl7Time.parse(null, SHANGHAI));
    }
}
