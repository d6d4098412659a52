package io.huibo.adapters.clinic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.parser.PipeParser;
import io.huibo.adapters.clinic.internal.AppointmentMessage.Trigger;
import io.huibo.adapters.clinic.internal.AppointmentMessage.Visit;
import io.huibo.api.PhoneNumber;

class SiuReaderTest {
    private final PipeParser parser = ClinicAdapter.newParser();
    private final SiuReader reader = new SiuReader(ZoneId.of("Asia/Shanghai"), Duration.ofMinutes(30));

    private AppointmentMessage read(String text) throws Exception {
        return reader.read(parser.parse(text), "CN");
    }

    private RejectedMessage refused(String text) {
        return assertThrows(RejectedMessage.class, () -> read(text));
    }

    @Test
    void aBookingGivesItsAppointmentTimesPatientAndDoctor() throws Exception {
        AppointmentMessage booked = read(Siu.booked("C1", "A-1", "202611241000", "202611241045"));
        assertEquals(Trigger.BOOKED, booked.trigger());
        assertEquals("A-1", booked.appointmentId());
        assertEquals("HIS/CLINIC/C1", booked.eventId());
        Visit visit = booked.visit().orElseThrow();
        assertEquals(Instant.parse("2026-11-24T02:00:00Z"), visit.start());
        assertEquals(Instant.parse("2026-11-24T02:45:00Z"), visit.end());
        assertEquals(PhoneNumber.ofE164(Siu.PATIENT), visit.patient());
        assertEquals(Optional.of("D123"), visit.doctorId());
    }

    @Test
    void aNationalNumberAndAnOlderVersionAreReadToo() throws Exception {
        String text = Siu.message("S13", "C2", "A-2", "202611241000", "", "13900139000").replace("|P|2.5\r", "|P|2.3.1\r");
        AppointmentMessage moved = read(text);
        assertEquals(Trigger.RESCHEDULED, moved.trigger());
        assertEquals(PhoneNumber.ofE164(Siu.PATIENT), moved.visit().orElseThrow().patient());
        assertEquals(Instant.parse("2026-11-24T02:30:00Z"), moved.visit().orElseThrow().end(), "without an end, the usual length");
    }

    @Test
    void theServiceSegmentsStartAndDurationComeFirst() throws Exception {
        String text = Siu.booked("C3", "A-3", "202611241000", "").replace("RGS|1\r", "RGS|1\rAIS|1||CONSULT|202611241100+0800|||20|min\r");
        Visit visit = read(text).visit().orElseThrow();
        assertEquals(Instant.parse("2026-11-24T03:00:00Z"), visit.start());
        assertEquals(Instant.parse("2026-11-24T03:20:00Z"), visit.end());
    }

    @Test
    void aCancellationNeedsNoVisit() throws Exception {
        AppointmentMessage cancelled = read(Siu.message("S15", "C4", "A-4", "", "", ""));
        assertEquals(Trigger.CANCELLED, cancelled.trigger());
        assertTrue(cancelled.visit().isEmpty());
    }

    @Test
    void aMissingOrUncallablePatientPhoneIsAnApplicationError() {
        RejectedMessage missing = refused(Siu.message("S12", "C5", "A-5", "202611241000", "", ""));
        assertEquals(AcknowledgmentCode.AE, missing.code());
        assertEquals(ErrorCode.REQUIRED_FIELD_MISSING, missing.error());
        RejectedMessage bad = refused(Siu.message("S12", "C6", "A-6", "202611241000", "", "12345"));
        assertEquals(AcknowledgmentCode.AE, bad.code());
        assertEquals(ErrorCode.DATA_TYPE_ERROR, bad.error());
    }

    @Test
    void missingOrBadTimesAndIdsAreApplicationErrors() {
        assertEquals(AcknowledgmentCode.AE, refused(Siu.booked("C7", "A-7", "", "")).code());
        assertEquals(AcknowledgmentCode.AE, refused(Siu.booked("C8", "A-8", "2026112410", "")).code());
        assertEquals(AcknowledgmentCode.AE, refused(Siu.booked("C9", "A-9", "202611241000", "202611240900")).code());
        assertEquals(AcknowledgmentCode.AE, refused(Siu.booked("C10", "", "202611241000", "").replace("SCH|P-|", "SCH||")).code());
    }

    @Test
    void otherMessageTypesAndEventsAreRejected() {
        RejectedMessage adt = refused("MSH|^~\\&|HIS|CLINIC|HUIBO|HUIBO|20261123100000||ADT^A01^ADT_A01|C11|P|2.5\rEVN|A01\rPID|1||P1\r");
        assertEquals(AcknowledgmentCode.AR, adt.code());
        assertEquals(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, adt.error());
        RejectedMessage s14 = refused(Siu.message("S14", "C12", "A-12", "202611241000", "", Siu.PATIENT));
        assertEquals(AcknowledgmentCode.AR, s14.code());
        assertEquals(ErrorCode.UNSUPPORTED_EVENT_CODE, s14.error());
    }

    @Test
    void aMessageWithoutControlIdIsRejected() {
        RejectedMessage noId = refused(Siu.booked("", "A-13", "202611241000", ""));
        assertEquals(AcknowledgmentCode.AR, noId.code());
    }
}
