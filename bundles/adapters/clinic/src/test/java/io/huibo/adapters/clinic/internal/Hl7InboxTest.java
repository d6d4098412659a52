package io.huibo.adapters.clinic.internal;

import static io.huibo.adapters.clinic.internal.ClinicConstants.FOLLOW_UP;
import static io.huibo.adapters.clinic.internal.ClinicConstants.REMINDER;
import static io.huibo.adapters.clinic.internal.ClinicConstants.VENDOR_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import io.huibo.api.Binding;
import io.huibo.api.PhoneNumber;

/** Messages in, ACKs out, over the real HAPI parser; bindings and actions kept in memory. */
class Hl7InboxTest {
    static final String FRONT_DESK = "+8613800138000";
    /** 10:00 in Shanghai, the day before the appointments. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

    private final PipeParser parser = ClinicAdapter.newParser();
    private final MemoryBindings bindings = new MemoryBindings(CLOCK);
    private final MemoryScheduler scheduler = new MemoryScheduler();
    private final ClinicSettings settings = ClinicSettings.from(config());
    private final Hl7Inbox inbox = new Hl7Inbox(parser, new SiuReader(settings.zone(), settings.appointmentLength()),
            new AppointmentBook(settings, bindings, scheduler, new ClinicStaff((t, s, r, at) -> Optional.empty(), settings), CLOCK),
            scheduler, () -> "CN");

    /** The ACK's MSA-1, MSA-2 and the reason in ERR-8. */
    private record Ack(String code, String controlId, String reason) {
    }

    private Ack send(String message) throws Exception {
        Terser ack = new Terser(parser.parse(inbox.receive(message)));
        return new Ack(ack.get("/MSA-1"), ack.get("/MSA-2"), ack.get("/ERR-8"));
    }

    @Test
    void aBookingSchedulesBothCallsAndBindsClinicAndPatientUntilTheWindowCloses() throws Exception {
        assertEquals(new Ack("AA", "C1", null), send(Siu.booked("C1", "A-1", "202611241000", "202611241045")));
        assertEquals(Instant.parse("2026-11-24T01:00:00Z"), scheduler.find(VENDOR_ID, REMINDER + "A-1").orElseThrow().dueAt());
        assertEquals(Instant.parse("2026-11-25T02:45:00Z"), scheduler.find(VENDOR_ID, FOLLOW_UP + "A-1").orElseThrow().dueAt());
        Binding binding = bindings.findByOrder("default", "A-1").get(0);
        assertEquals(PhoneNumber.ofE164(FRONT_DESK), binding.a());
        assertEquals(PhoneNumber.ofE164(Siu.PATIENT), binding.b());
        assertEquals(Instant.parse("2026-11-27T02:45:00Z"), binding.expiresAt());
    }

    @Test
    void aResentMessageIsAcknowledgedAndNotActedOnAgain() throws Exception {
        String booking = Siu.booked("C1", "A-1", "202611241000", "202611241045");
        send(booking);
        scheduler.cancel(VENDOR_ID, REMINDER + "A-1");
        assertEquals(new Ack("AA", "C1", null), send(booking));
        assertTrue(scheduler.find(VENDOR_ID, REMINDER + "A-1").isEmpty(), "the resend scheduled nothing");
        assertEquals(1, bindings.findByOrder("default", "A-1").size());
    }

    @Test
    void aRescheduleMovesTheReminderAndStretchesTheSameBinding() throws Exception {
        send(Siu.booked("C1", "A-1", "202611241000", "202611241045"));
        String bindingId = bindings.findByOrder("default", "A-1").get(0).id();
        assertEquals("AA", send(Siu.message("S13", "C2", "A-1", "202611261400", "202611261430", Siu.PATIENT)).code());
        assertEquals(Instant.parse("2026-11-26T05:00:00Z"), scheduler.find(VENDOR_ID, REMINDER + "A-1").orElseThrow().dueAt());
        List<Binding> made = bindings.findByOrder("default", "A-1");
        assertEquals(1, made.size());
        assertEquals(bindingId, made.get(0).id());
        assertEquals(Instant.parse("2026-11-29T06:30:00Z"), made.get(0).expiresAt());
    }

    @Test
    void aCancellationDropsTheCallsAndEndsTheBindingAndMayComeTwice() throws Exception {
        send(Siu.booked("C1", "A-1", "202611241000", "202611241045"));
        assertEquals("AA", send(Siu.message("S15", "C2", "A-1", "", "", "")).code());
        assertTrue(scheduler.pending(VENDOR_ID).isEmpty());
        assertFalse(bindings.findByOrder("default", "A-1").get(0).isActive(CLOCK.instant()));
        assertEquals("AA", send(Siu.message("S15", "C3", "A-1", "", "", "")).code());
    }

    @Test
    void anUnknownAppointmentCannotBeMovedOrCancelled() throws Exception {
        Ack moved = send(Siu.message("S13", "C1", "A-404", "202611261400", "", Siu.PATIENT));
        assertEquals("AE", moved.code());
        assertEquals("C1", moved.controlId());
        assertTrue(moved.reason().contains("no booked appointment A-404"), moved.reason());
        assertEquals("AE", send(Siu.message("S15", "C2", "A-404", "", "", "")).code());
        assertTrue(scheduler.pending(VENDOR_ID).isEmpty());
        assertTrue(bindings.findByOrder("default", "A-404").isEmpty());
    }

    @Test
    void aBookingWithoutPatientPhoneChangesNothingAndItsCorrectionIsActedOn() throws Exception {
        Ack refused = send(Siu.message("S12", "C1", "A-1", "202611241000", "", ""));
        assertEquals("AE", refused.code());
        assertTrue(refused.reason().contains("PID-13"), refused.reason());
        assertTrue(scheduler.pending(VENDOR_ID).isEmpty());
        assertTrue(bindings.findByOrder("default", "A-1").isEmpty());
        assertEquals("AA", send(Siu.booked("C1", "A-1", "202611241000", "")).code());
        assertTrue(scheduler.find(VENDOR_ID, REMINDER + "A-1").isPresent());
    }

    @Test
    void aRefusedBindingLeavesNoCallsBehind() throws Exception {
        send(Siu.booked("C1", "A-1", "202611241000", ""));
        Ack second = send(Siu.booked("C2", "A-2", "202611251000", ""));
        assertEquals("AE", second.code());
        assertTrue(second.reason().contains("NO_AVAILABLE_NUMBER"), second.reason());
        assertTrue(scheduler.find(VENDOR_ID, REMINDER + "A-2").isEmpty());
        assertTrue(scheduler.find(VENDOR_ID, FOLLOW_UP + "A-2").isEmpty());
    }

    @Test
    void textThatIsNotHl7IsRejectedWithTheControlIdWhenItCanBeRead() throws Exception {
        Ack noVersion = send("MSH|^~\\&|HIS|CLINIC|||20261123||SIU^S12|C9|P\rSCH|x\r");
        assertEquals("AR", noVersion.code());
        assertEquals("C9", noVersion.controlId());
        assertNotNull(noVersion.reason());
        Ack garbage = send("hello, 13900139000");
        assertEquals("AR", garbage.code());
        assertEquals(null, garbage.controlId());
        assertTrue(scheduler.pending(VENDOR_ID).isEmpty());
    }

    @Test
    void anotherMessageTypeIsRejected() throws Exception {
        Ack ack = send("MSH|^~\\&|HIS|CLINIC|HUIBO|HUIBO|20261123100000||ADT^A01^ADT_A01|C11|P|2.5\rEVN|A01\rPID|1||P1\r");
        assertEquals("AR", ack.code());
        assertEquals("C11", ack.controlId());
    }

    static ClinicConfig config() {
        return new ClinicConfig() {
            @Override public Class<? extends Annotation> annotationType() { return ClinicConfig.class; }
            @Override public String tenant() { return "default"; }
            @Override public String store() { return "clinic-1"; }
            @Override public String mllpAddress() { return "127.0.0.1"; }
            @Override public int mllpPort() { return 2575; }
            @Override public String mllpAllowedAddresses() { return "127.0.0.1,::1"; }
            @Override public int mllpMaxFrameBytes() { return 1 << 20; }
            @Override public int mllpIdleTimeoutSeconds() { return 300; }
            @Override public int mllpMaxConnections() { return 32; }
            @Override public int mllpMaxConnectionsPerAddress() { return 4; }
            @Override public boolean mllpTls() { return false; }
            @Override public String mllpKeystore() { return "huibo-mllp.p12"; }
            @Override public String mllpKeystorePassword() { return ""; }
            @Override public String mllpKeystoreType() { return "PKCS12"; }
            @Override public String display() { return "+8657188880000"; }
            @Override public String frontDesk() { return FRONT_DESK; }
            @Override public int reminderLeadMinutes() { return 60; }
            @Override public int followUpAfterMinutes() { return 1440; }
            @Override public int appointmentMinutes() { return 30; }
            @Override public int treatmentWindowHours() { return 72; }
            @Override public String zone() { return "Asia/Shanghai"; }
        };
    }
}
