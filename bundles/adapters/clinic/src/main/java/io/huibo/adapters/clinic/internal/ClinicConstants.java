package io.huibo.adapters.clinic.internal;

/** Names the clinic adapter shares with the roster, the scheduler and the ledger. */
final class ClinicConstants {
    /** The adapter's vendor id: its scheduled actions and ledger entries are filed under it. */
    static final String VENDOR_ID = "clinic";

    /** Scheduled action keys: a prefix and the appointment id. */
    static final String REMINDER = "remind:";
    static final String FOLLOW_UP = "followup:";

    /** Roster roles of the clinic's store (etc/io.huibo.staff-*.cfg). */
    static final String ROLE_FRONT_DESK = "front-desk";
    static final String ROLE_DOCTOR_ON_DUTY = "doctor-on-duty";
    /** A doctor's own role, {@code doctor:<AIP-3 id>}: the appointment's doctor calls back when on duty. */
    static final String ROLE_DOCTOR_PREFIX = "doctor:";

    private ClinicConstants() {
    }
}
