package io.huibo.adapters.clinic.internal;

import java.time.Instant;
import java.util.Optional;

import io.huibo.api.PhoneNumber;

/**
 * What one SIU message says about one appointment. {@code eventId} identifies the message itself
 * (sender and MSH-10) for de-duplication. A cancellation carries no visit.
 */
record AppointmentMessage(String eventId, Trigger trigger, String appointmentId, Optional<Visit> visit) {

    /** The SIU trigger events the adapter acts on. */
    enum Trigger {
        /** S12: a new appointment was booked. */
        BOOKED,
        /** S13: the appointment was moved. */
        RESCHEDULED,
        /** S15: the appointment was cancelled. */
        CANCELLED
    }

    /** When the appointment is, whom to call, and the doctor it names (AIP/AIG), if any. */
    record Visit(Instant start, Instant end, PhoneNumber patient, Optional<String> doctorId) {
    }
}
