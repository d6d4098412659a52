package io.huibo.adapters.clinic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRejectedException.Reason;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.EngineStatus;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.api.adapter.StaffDirectory;

class ClinicCallerTest {
    private static final PhoneNumber DOCTOR_ON_DUTY = PhoneNumber.ofE164("+8613700137000");
    private static final PhoneNumber OWN_DOCTOR = PhoneNumber.ofE164("+8613600136000");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T02:00:00Z"), ZoneOffset.UTC);

    private final List<CallbackRequest> placed = new ArrayList<>();
    private Reason refusal;
    private final CallbackService engine = new CallbackService() {
        @Override
        public Call place(CallbackRequest request) {
            if (refusal != null) {
                throw new CallbackRejectedException(refusal, "refused");
            }
            placed.add(request);
            return new Call("c_" + placed.size(), request.tenantId(), CallKind.CALLBACK, null, CallState.QUEUED, request.from(),
                    request.to(), request.display(), request.userData(), null, List.of(), CLOCK.instant(), null, null, null, null);
        }

        @Override
        public boolean hangUp(String id) {
            return false;
        }

        @Override
        public EngineStatus status() {
            return null;
        }
    };
    private final MemoryScheduler ledger = new MemoryScheduler();

    private ClinicCaller caller(StaffDirectory roster) {
        ClinicSettings settings = ClinicSettings.from(Hl7InboxTest.config());
        return new ClinicCaller(engine, ledger, new ClinicStaff(roster, settings), settings, CLOCK);
    }

    private static ScheduledAction action(String key, String doctorId) {
        return new ScheduledAction("clinic", key, "default", Instant.parse("2026-11-24T02:00:00Z"),
                new ScheduledCall("A-1", Siu.PATIENT, doctorId).toJson(), 0, null);
    }

    private static StaffDirectory roster(String role, PhoneNumber number) {
        return (tenant, store, r, at) -> r.equals(role) ? Optional.of(number) : Optional.empty();
    }

    @Test
    void aReminderCallsTheFrontDeskThenThePatientShowingTheDisplayNumber() {
        caller(roster("none", DOCTOR_ON_DUTY)).run(action("remind:A-1", null));
        CallbackRequest request = placed.get(0);
        assertEquals(PhoneNumber.ofE164(Hl7InboxTest.FRONT_DESK), request.from());
        assertEquals(PhoneNumber.ofE164(Siu.PATIENT), request.to());
        assertEquals(PhoneNumber.ofE164("+8657188880000"), request.display());
    }

    @Test
    void aFollowUpCallsTheDoctorOnDutyUnlessTheAppointmentsOwnDoctorIsOnDuty() {
        caller(roster("doctor-on-duty", DOCTOR_ON_DUTY)).run(action("followup:A-1", "D123"));
        assertEquals(DOCTOR_ON_DUTY, placed.get(0).from());
        caller(roster("doctor:D123", OWN_DOCTOR)).run(action("followup:A-2", "D123"));
        assertEquals(OWN_DOCTOR, placed.get(1).from());
    }

    @Test
    void noDoctorOnDutyMeansTryAgainLaterWithoutACall() {
        ClinicCaller nobody = caller(roster("none", DOCTOR_ON_DUTY));
        assertThrows(IllegalStateException.class, () -> nobody.run(action("followup:A-1", null)));
        assertEquals(0, placed.size());
    }

    @Test
    void anActionRunTwiceCallsOnce() {
        ClinicCaller caller = caller(roster("doctor-on-duty", DOCTOR_ON_DUTY));
        caller.run(action("followup:A-1", null));
        caller.run(action("followup:A-1", null));
        assertEquals(1, placed.size());
    }

    @Test
    void aBusyEngineMeansTryAgainLaterAndTheRetryCalls() {
        ClinicCaller caller = caller(roster("doctor-on-duty", DOCTOR_ON_DUTY));
        refusal = Reason.OVERLOADED;
        assertThrows(IllegalStateException.class, () -> caller.run(action("followup:A-1", null)));
        refusal = null;
        caller.run(action("followup:A-1", null));
        assertEquals(1, placed.size());
    }
}
