package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalTime;

import org.junit.jupiter.api.Test;

class HarassmentPolicyTest {
    private static final LocalTime TEN_PM = LocalTime.of(22, 0);
    private static final LocalTime EIGHT_AM = LocalTime.of(8, 0);

    @Test
    void quietHoursOverMidnightCoverTheNightAndNotTheDay() {
        assertTrue(HarassmentPolicy.inQuietHours(LocalTime.of(23, 30), TEN_PM, EIGHT_AM));
        assertTrue(HarassmentPolicy.inQuietHours(LocalTime.of(3, 0), TEN_PM, EIGHT_AM));
        assertTrue(HarassmentPolicy.inQuietHours(TEN_PM, TEN_PM, EIGHT_AM), "the start is quiet");
        assertFalse(HarassmentPolicy.inQuietHours(EIGHT_AM, TEN_PM, EIGHT_AM), "the end is not");
        assertFalse(HarassmentPolicy.inQuietHours(LocalTime.NOON, TEN_PM, EIGHT_AM));
    }

    @Test
    void quietHoursWithinADayCoverOnlyThatSpan() {
        LocalTime twoPm = LocalTime.of(14, 0);
        assertTrue(HarassmentPolicy.inQuietHours(LocalTime.of(13, 0), LocalTime.NOON, twoPm));
        assertFalse(HarassmentPolicy.inQuietHours(LocalTime.of(11, 59), LocalTime.NOON, twoPm));
        assertFalse(HarassmentPolicy.inQuietHours(twoPm, LocalTime.NOON, twoPm));
    }
}
