package io.huibo.adapters.clinic.internal;

import java.time.Instant;
import java.util.Optional;

import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.StaffDirectory;

/** Who answers for the clinic at a given time, from the store's roster and the configuration. */
final class ClinicStaff {
    private final StaffDirectory directory;
    private final ClinicSettings settings;

    ClinicStaff(StaffDirectory directory, ClinicSettings settings) {
        this.directory = directory;
        this.settings = settings;
    }

    /** The front desk on the roster at {@code at}, else the configured front-desk number. */
    Optional<PhoneNumber> frontDesk(Instant at) {
        return onDuty(ClinicConstants.ROLE_FRONT_DESK, at).or(settings::frontDesk);
    }

    /** The appointment's own doctor if on duty at {@code at}, else the doctor on duty then. */
    Optional<PhoneNumber> doctor(Optional<String> doctorId, Instant at) {
        return doctorId.flatMap(id -> onDuty(ClinicConstants.ROLE_DOCTOR_PREFIX + id, at))
                .or(() -> onDuty(ClinicConstants.ROLE_DOCTOR_ON_DUTY, at));
    }

    private Optional<PhoneNumber> onDuty(String role, Instant at) {
        return directory.onDuty(settings.tenant(), settings.store(), role, at);
    }
}
