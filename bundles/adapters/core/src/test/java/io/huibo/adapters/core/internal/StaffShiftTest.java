package io.huibo.adapters.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.huibo.api.PhoneNumber;

class StaffShiftTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final PhoneNumber DAY_DOCTOR = PhoneNumber.ofE164("+8613800138001");
    private static final PhoneNumber NIGHT_DOCTOR = PhoneNumber.ofE164("+8613800138002");

    /** Monday 23 November 2026 at the given Shanghai time. */
    private static Instant monday(int hour, int minute) {
        return java.time.LocalDateTime.of(2026, 11, 23, hour, minute).atZone(SHANGHAI).toInstant();
    }

    @Test
    void daysReadAsRangesAndLists() {
        assertEquals(java.util.EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), StaffShift.days("MON-FRI"));
        assertEquals(java.util.EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), StaffShift.days("sat,sun"));
        assertEquals(java.util.EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY), StaffShift.days("SAT-MON"));
        assertEquals(7, StaffShift.days("").size());
        assertThrows(IllegalArgumentException.class, () -> StaffShift.days("XYZ"));
    }

    @Test
    void theDirectoryAnswersWhoeverCoversTheMomentInThatStore() {
        ConfiguredStaffDirectory directory = new ConfiguredStaffDirectory();
        directory.addShift(new StaffShift("t1", "clinic-1", "doctor-on-duty", DAY_DOCTOR, StaffShift.days("MON-FRI"),
                LocalTime.of(8, 0), LocalTime.of(20, 0), SHANGHAI));
        directory.addShift(new StaffShift("t1", "clinic-1", "doctor-on-duty", NIGHT_DOCTOR, StaffShift.days("MON-FRI"),
                LocalTime.of(20, 0), LocalTime.of(8, 0), SHANGHAI));

        assertEquals(Optional.of(DAY_DOCTOR), directory.onDuty("t1", "clinic-1", "doctor-on-duty", monday(9, 30)));
        assertEquals(Optional.of(NIGHT_DOCTOR), directory.onDuty("t1", "clinic-1", "doctor-on-duty", monday(22, 0)));
        assertEquals(Optional.empty(), directory.onDuty("t1", "clinic-1", "doctor-on-duty", monday(3, 0)),
                "Monday 03:00 belongs to Sunday night's shift, and there is none on Sunday");
        assertEquals(Optional.empty(), directory.onDuty("t2", "clinic-1", "doctor-on-duty", monday(9, 30)));
        assertEquals(Optional.empty(), directory.onDuty("t1", "clinic-2", "doctor-on-duty", monday(9, 30)));
        assertEquals(Optional.empty(), directory.onDuty("t1", "clinic-1", "front-desk", monday(9, 30)));
    }

    @Test
    void aShiftWithoutHoursCoversItsWholeDays() {
        StaffShift weekends = new StaffShift("t1", "s1", "host", DAY_DOCTOR, StaffShift.days("SAT,SUN"), null, null, SHANGHAI);
        assertFalse(weekends.covers("t1", "s1", "host", monday(12, 0)));
        assertTrue(weekends.covers("t1", "s1", "host", monday(12, 0).minusSeconds(86_400)));
    }
}
