package io.huibo.adapter.ktv.internal;

import static io.huibo.adapter.ktv.internal.KtvConstants.VENDOR_ID;
import static io.huibo.adapter.ktv.internal.KtvConstants.noShowKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.huibo.api.Binding;
import io.huibo.api.BindingException;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Call;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.ActionScheduler;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.adapters.support.StaffOnDuty;

/**
 * Maps booking events onto Huibo: an expected booking gets a guest-front desk binding for its
 * window and a no-show check at its start plus N seconds; a check-in cancels the check; a
 * cancellation cancels it and ends the binding. A no-show check that falls due places the front
 * desk's callback to the guest.
 */
final class BookingWorkflow {
    private static final Logger LOG = LoggerFactory.getLogger(BookingWorkflow.class);
    /** The binding service's longest time to live: a booking further ahead is extended when confirmed. */
    private static final long MAX_BINDING_TTL_SECONDS = Duration.ofDays(7).toSeconds();

    private final String tenantId;
    private final Duration noShowAfter;
    private final PhoneNumber display;
    private final String city;
    private final StaffOnDuty frontDesk;
    private final BindingService bindings;
    private final CallbackService callbacks;
    private final ActionScheduler scheduler;
    private final Clock clock;

    BookingWorkflow(KtvConfiguration config, StaffOnDuty frontDesk, BindingService bindings, CallbackService callbacks,
            ActionScheduler scheduler, Clock clock) {
        this.tenantId = config.tenant();
        this.noShowAfter = Duration.ofSeconds(config.noShowAfterSeconds());
        this.display = config.display().isBlank() ? null : PhoneNumber.ofE164(config.display().trim());
        this.city = config.city().isBlank() ? null : config.city().trim();
        this.frontDesk = frontDesk;
        this.bindings = bindings;
        this.callbacks = callbacks;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Acts on a validated event; the answer says what changed. */
    JsonObject apply(BookingEvent event) throws AdapterException {
        return switch (event.type()) {
            case CREATED, CONFIRMED -> expect(event);
            case CHECKED_IN -> checkIn(event);
            case CANCELLED -> cancel(event);
        };
    }

    private JsonObject expect(BookingEvent event) throws AdapterException {
        Instant now = clock.instant();
        if (!event.end().isAfter(now)) {
            throw AdapterException.invalid("booking " + event.bookingId() + " has ended already");
        }
        PhoneNumber desk = frontDesk.at(now).orElseThrow(() -> new AdapterException(409, "NO_STAFF_ON_DUTY",
                "no " + frontDesk.role() + " is on duty in the store, and none is configured"));
        Optional<Binding> existing = activeBinding(event.bookingId(), now);
        int ttl = (int) Math.min(MAX_BINDING_TTL_SECONDS, Math.max(1, Duration.between(now, event.end()).toSeconds()));
        Binding binding = existing.isPresent() ? extend(existing.get(), event.guest(), ttl) : bind(event, desk, ttl);
        // a late event still gets its check, at once: the guest may be missing already
        Instant due = event.start().plus(noShowAfter);
        due = due.isBefore(now) ? now : due;
        try {
            scheduler.schedule(VENDOR_ID, noShowKey(event.bookingId()), tenantId, due, NoShowCheck.of(event).toJson());
        } catch (RuntimeException e) {
            if (existing.isEmpty()) {
                bindings.delete(binding.id()); // leave nothing half done behind
            }
            throw e;
        }
        LOG.info("Booking {} expected: binding {}, no-show check at {}", event.bookingId(), binding.id(), due);
        JsonObject answer = answer(event);
        answer.addProperty("bindingId", binding.id());
        answer.addProperty("x", binding.x().e164());
        answer.addProperty("bindingExpiresAt", binding.expiresAt().toString());
        answer.addProperty("noShowCheckAt", due.toString());
        return answer;
    }

    private Binding bind(BookingEvent event, PhoneNumber desk, int ttl) throws AdapterException {
        try {
            return bindings.bind(new BindingRequest(tenantId, BindingMode.AXB, desk, event.guest(), ttl, city, Direction.BOTH,
                    event.bookingId(), null));
        } catch (BindingException e) {
            throw refused(e);
        }
    }

    /** A confirmation of a bound booking keeps its X: only the window and, if changed, the guest move. */
    private Binding extend(Binding binding, PhoneNumber guest, int ttl) throws AdapterException {
        try {
            return bindings.update(binding.id(), guest.equals(binding.b()) ? null : guest, ttl, null);
        } catch (BindingException e) {
            throw refused(e);
        }
    }

    private JsonObject checkIn(BookingEvent event) {
        boolean cancelled = scheduler.cancel(VENDOR_ID, noShowKey(event.bookingId()));
        LOG.info("Booking {} checked in{}", event.bookingId(), cancelled ? ", no-show check cancelled" : "");
        JsonObject answer = answer(event);
        answer.addProperty("noShowCheckCancelled", cancelled);
        return answer;
    }

    private JsonObject cancel(BookingEvent event) {
        boolean cancelled = scheduler.cancel(VENDOR_ID, noShowKey(event.bookingId()));
        int deleted = 0;
        for (Binding binding : activeBindings(event.bookingId(), clock.instant())) {
            deleted += bindings.delete(binding.id()) ? 1 : 0;
        }
        LOG.info("Booking {} cancelled: no-show check {}, {} binding(s) ended", event.bookingId(),
                cancelled ? "cancelled" : "none pending", deleted);
        JsonObject answer = answer(event);
        answer.addProperty("noShowCheckCancelled", cancelled);
        answer.addProperty("bindingsDeleted", deleted);
        return answer;
    }

    /**
     * Runs a due no-show check: the front desk is called first, then the guest. A refusal that
     * will not change on retry (policy, bad number) is logged and dropped; an overloaded engine
     * or an empty front desk is retried by the scheduler.
     */
    void runNoShowCheck(ScheduledAction action) {
        NoShowCheck check = NoShowCheck.fromJson(action.payload());
        PhoneNumber desk = frontDesk.at(clock.instant())
                .orElseThrow(() -> new IllegalStateException("no " + frontDesk.role() + " on duty to call the guest"));
        PhoneNumber guest = check.guestNumber();
        try {
            Call call = callbacks.place(CallbackRequest.builder(desk, guest).tenantId(tenantId).display(display)
                    .userData("ktv-no-show:" + check.bookingId()).build());
            LOG.info("No-show callback {} for booking {} in room {}: front desk {} to guest {}", call.id(), check.bookingId(),
                    check.room(), desk, guest);
        } catch (CallbackRejectedException e) {
            if (e.reason() == CallbackRejectedException.Reason.OVERLOADED) {
                throw e;
            }
            LOG.info("No-show callback for booking {} refused ({}): {}", check.bookingId(), e.reason(), e.getMessage());
        }
    }

    private Optional<Binding> activeBinding(String bookingId, Instant now) {
        return activeBindings(bookingId, now).stream().findFirst();
    }

    private List<Binding> activeBindings(String bookingId, Instant now) {
        return bindings.findByOrder(tenantId, bookingId).stream().filter(binding -> binding.isActive(now)).toList();
    }

    private static JsonObject answer(BookingEvent event) {
        JsonObject answer = new JsonObject();
        answer.addProperty("eventId", event.eventId());
        answer.addProperty("bookingId", event.bookingId());
        return answer;
    }

    private static AdapterException refused(BindingException e) {
        int status = switch (e.reason()) {
            case INVALID_REQUEST -> 400;
            case NOT_FOUND -> 404;
            case NO_AVAILABLE_NUMBER, BIND_CONFLICT, NUMBER_IN_USE -> 409;
        };
        return new AdapterException(status, e.reason().name(), e.getMessage());
    }
}
