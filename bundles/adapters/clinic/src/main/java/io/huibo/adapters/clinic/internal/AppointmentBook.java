package io.huibo.adapters.clinic.internal;

import static io.huibo.adapters.clinic.internal.ClinicConstants.FOLLOW_UP;
import static io.huibo.adapters.clinic.internal.ClinicConstants.REMINDER;
import static io.huibo.adapters.clinic.internal.ClinicConstants.VENDOR_ID;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.hl7v2.ErrorCode;
import io.huibo.adapters.clinic.internal.AppointmentMessage.Trigger;
import io.huibo.adapters.clinic.internal.AppointmentMessage.Visit;
import io.huibo.api.Binding;
import io.huibo.api.BindingException;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.ActionScheduler;

/**
 * The clinic's appointments as Huibo keeps them: per appointment, a reminder action at start
 * minus the lead time, a follow-up action after its end, and a clinic-patient AXB binding (order
 * id = appointment id) until the treatment window closes. A message is applied whole or not at
 * all: the binding change goes first, as the likeliest to be refused, and is undone if the
 * scheduling after it fails.
 */
final class AppointmentBook {
    private static final Logger LOG = LoggerFactory.getLogger(AppointmentBook.class);

    private final ClinicSettings settings;
    private final BindingService bindings;
    private final ActionScheduler scheduler;
    private final ClinicStaff staff;
    private final Clock clock;

    AppointmentBook(ClinicSettings settings, BindingService bindings, ActionScheduler scheduler, ClinicStaff staff, Clock clock) {
        this.settings = settings;
        this.bindings = bindings;
        this.scheduler = scheduler;
        this.staff = staff;
        this.clock = clock;
    }

    /** Serialised: two connections may carry messages about one appointment at once. */
    synchronized void apply(AppointmentMessage message) throws RejectedMessage {
        String id = message.appointmentId();
        switch (message.trigger()) {
            case CANCELLED -> cancel(id);
            case BOOKED, RESCHEDULED -> book(id, message.visit().orElseThrow(), message.trigger());
        }
    }

    private void book(String id, Visit visit, Trigger trigger) throws RejectedMessage {
        Instant now = clock.instant();
        Instant windowEnd = visit.end().plus(settings.treatmentWindow());
        if (!windowEnd.isAfter(now)) {
            throw RejectedMessage.error(ErrorCode.APPLICATION_INTERNAL_ERROR, "appointment " + id + " and its treatment window are over");
        }
        Optional<Binding> active = activeBinding(id, now);
        if (trigger == Trigger.RESCHEDULED && active.isEmpty()) {
            throw RejectedMessage.error(ErrorCode.UNKNOWN_KEY_IDENTIFIER, "no booked appointment " + id + " to reschedule");
        }
        Runnable undo = active.isPresent() ? extend(active.get(), visit.patient(), windowEnd, now) : bind(id, visit.patient(), windowEnd, now);
        try {
            ScheduledCall call = ScheduledCall.of(id, visit.patient(), visit.doctorId());
            if (visit.start().isAfter(now)) {
                Instant remindAt = visit.start().minus(settings.reminderLead());
                scheduler.schedule(VENDOR_ID, REMINDER + id, settings.tenant(), remindAt.isAfter(now) ? remindAt : now, call.toJson());
            } else {
                scheduler.cancel(VENDOR_ID, REMINDER + id); // under way already: too late to remind
            }
            settings.followUpAfter().ifPresent(after ->
                    scheduler.schedule(VENDOR_ID, FOLLOW_UP + id, settings.tenant(), visit.end().plus(after), call.toJson()));
        } catch (RuntimeException e) {
            undo.run();
            throw e;
        }
        LOG.info("Appointment {} {}: starts {}, binding until {}", id, trigger == Trigger.BOOKED ? "booked" : "rescheduled",
                visit.start(), windowEnd);
    }

    /** A new clinic-patient binding; @return how to take it back */
    private Runnable bind(String id, PhoneNumber patient, Instant until, Instant now) throws RejectedMessage {
        PhoneNumber clinic = staff.frontDesk(now).orElseThrow(() -> RejectedMessage.error(ErrorCode.APPLICATION_INTERNAL_ERROR,
                "the clinic has no front-desk number: none on the roster and frontDesk is not configured"));
        try {
            Binding made = bindings.bind(new BindingRequest(settings.tenant(), BindingMode.AXB, clinic, patient, ttl(now, until), null,
                    Direction.BOTH, id, null));
            return () -> bindings.delete(made.id());
        } catch (BindingException e) {
            throw refused(e);
        }
    }

    /** The appointment's binding stretched to the new window, its patient's number changed if it did; @return how to take it back */
    private Runnable extend(Binding binding, PhoneNumber patient, Instant until, Instant now) throws RejectedMessage {
        PhoneNumber newPatient = patient.equals(binding.b()) ? null : patient;
        try {
            bindings.update(binding.id(), newPatient, ttl(now, until), null);
            return () -> bindings.update(binding.id(), newPatient == null ? null : binding.b(), ttl(clock.instant(), binding.expiresAt()), null);
        } catch (BindingException e) {
            throw refused(e);
        }
    }

    private void cancel(String id) throws RejectedMessage {
        Instant now = clock.instant();
        List<Binding> made = bindings.findByOrder(settings.tenant(), id);
        boolean pending = scheduler.find(VENDOR_ID, REMINDER + id).isPresent() || scheduler.find(VENDOR_ID, FOLLOW_UP + id).isPresent();
        if (made.isEmpty() && !pending) {
            throw RejectedMessage.error(ErrorCode.UNKNOWN_KEY_IDENTIFIER, "no appointment " + id + " to cancel");
        }
        scheduler.cancel(VENDOR_ID, REMINDER + id);
        scheduler.cancel(VENDOR_ID, FOLLOW_UP + id);
        made.stream().filter(binding -> binding.isActive(now)).forEach(binding -> bindings.delete(binding.id()));
        LOG.info("Appointment {} cancelled", id);
    }

    private Optional<Binding> activeBinding(String id, Instant now) {
        return bindings.findByOrder(settings.tenant(), id).stream().filter(binding -> binding.isActive(now)).reduce((first, later) -> later);
    }

    /** Whole seconds from now until {@code until}, at least one. */
    private static int ttl(Instant now, Instant until) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Duration.between(now, until).toSeconds()));
    }

    private static RejectedMessage refused(BindingException e) {
        String why = switch (e.reason()) {
            case NO_AVAILABLE_NUMBER -> "no virtual number of the pool is free for the clinic and this patient";
            case BIND_CONFLICT -> "the patient's number is bound on this virtual number already";
            case NOT_FOUND -> "the appointment's binding ended meanwhile";
            default -> "the binding was refused";
        };
        return RejectedMessage.error(ErrorCode.APPLICATION_INTERNAL_ERROR, why + " (" + e.reason() + ")");
    }
}
