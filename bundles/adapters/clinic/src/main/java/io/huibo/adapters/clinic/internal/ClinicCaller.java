package io.huibo.adapters.clinic.internal;

import static io.huibo.adapters.clinic.internal.ClinicConstants.FOLLOW_UP;
import static io.huibo.adapters.clinic.internal.ClinicConstants.REMINDER;
import static io.huibo.adapters.clinic.internal.ClinicConstants.VENDOR_ID;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Call;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.EventLedger;
import io.huibo.api.adapter.ScheduledAction;

/**
 * Places the callbacks the clinic's scheduled actions stand for: a reminder from the front desk,
 * a follow-up from the doctor (the appointment's own if on duty, else the doctor on duty). The
 * patient is called second and sees only the clinic's display number, so the doctor's own
 * number never reaches them. Each action places its call at most once, even when the scheduler
 * runs it again after a crash: the ledger remembers it.
 */
final class ClinicCaller {
    private static final Logger LOG = LoggerFactory.getLogger(ClinicCaller.class);

    private final CallbackService callbacks;
    private final EventLedger ledger;
    private final ClinicStaff staff;
    private final ClinicSettings settings;
    private final Clock clock;

    ClinicCaller(CallbackService callbacks, EventLedger ledger, ClinicStaff staff, ClinicSettings settings, Clock clock) {
        this.callbacks = callbacks;
        this.ledger = ledger;
        this.staff = staff;
        this.settings = settings;
        this.clock = clock;
    }

    /** @throws IllegalStateException when no one can call now, or the engine is busy: the scheduler retries */
    void run(ScheduledAction action) {
        ScheduledCall call = ScheduledCall.fromJson(action.payload());
        String kind;
        Optional<PhoneNumber> caller;
        if (action.key().startsWith(REMINDER)) {
            kind = "reminder";
            caller = staff.frontDesk(clock.instant());
        } else if (action.key().startsWith(FOLLOW_UP)) {
            kind = "follow-up";
            caller = staff.doctor(call.doctor(), clock.instant());
        } else {
            LOG.warn("Dropped scheduled action {}: not a clinic call", action.key());
            return;
        }
        PhoneNumber from = caller.orElseThrow(() -> new IllegalStateException("no one on duty now to place the " + kind
                + " callback for appointment " + call.appointmentId()));
        String once = "call:" + action.key() + "@" + action.dueAt();
        if (!ledger.firstTime(VENDOR_ID, once)) {
            LOG.info("The {} callback for appointment {} was placed before", kind, call.appointmentId());
            return;
        }
        try {
            Call placed = callbacks.place(CallbackRequest.builder(from, call.patientNumber()).tenantId(action.tenantId())
                    .display(settings.display().orElse(null)).userData("clinic " + kind + " " + call.appointmentId()).build());
            LOG.info("Placed {} callback {} for appointment {}", kind, placed.id(), call.appointmentId());
        } catch (CallbackRejectedException e) {
            switch (e.reason()) {
                case OVERLOADED, POLICY_BLOCKED -> {
                    // not now, maybe later: the scheduler's backoff decides when
                    ledger.forget(VENDOR_ID, once);
                    throw new IllegalStateException("the " + kind + " callback for appointment " + call.appointmentId()
                            + " was refused for now (" + e.reason() + ")", e);
                }
                default -> LOG.warn("The {} callback for appointment {} was refused ({}); not retried", kind,
                        call.appointmentId(), e.reason());
            }
        }
    }
}
