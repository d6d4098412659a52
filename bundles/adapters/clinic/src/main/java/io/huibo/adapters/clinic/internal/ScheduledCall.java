package io.huibo.adapters.clinic.internal;

import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import io.huibo.api.PhoneNumber;

/**
 * The payload of a reminder or follow-up action: whom to call about which appointment. The
 * caller side is looked up when the call is due, so a roster change in between is honoured.
 */
record ScheduledCall(String appointmentId, String patient, String doctorId) {
    private static final Gson GSON = new Gson();

    static ScheduledCall of(String appointmentId, PhoneNumber patient, Optional<String> doctorId) {
        return new ScheduledCall(appointmentId, patient.e164(), doctorId.orElse(null));
    }

    /** @throws IllegalArgumentException if {@code json} is not a payload of this adapter's */
    static ScheduledCall fromJson(String json) {
        try {
            ScheduledCall call = GSON.fromJson(json, ScheduledCall.class);
            if (call == null || call.appointmentId == null || call.patient == null) {
                throw new IllegalArgumentException("not a clinic call payload");
            }
            return call;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a clinic call payload", e);
        }
    }

    String toJson() {
        return GSON.toJson(this);
    }

    PhoneNumber patientNumber() {
        return PhoneNumber.ofE164(patient);
    }

    Optional<String> doctor() {
        return Optional.ofNullable(doctorId);
    }

    /** Masks the patient's number, as {@link PhoneNumber#toString()} does. */
    @Override
    public String toString() {
        return "ScheduledCall[" + appointmentId + ", " + patientNumber() + "]";
    }
}
