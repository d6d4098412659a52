package io.huibo.adapter.restaurant.internal;

import static io.huibo.adapter.restaurant.internal.RestaurantConstants.VENDOR_ID;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.confirmationKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.huibo.api.Call;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.ActionScheduler;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.adapters.support.StaffOnDuty;

/**
 * Reservation confirmation calls: scheduled at the configured lead time before the reservation
 * (at once when it is sooner), moved when the reservation is created again, cancelled with it.
 * When one falls due, the host stand is called first, then the guest.
 */
final class ReservationConfirmations {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationConfirmations.class);

    private final String tenantId;
    private final PhoneNumber display;
    private final Duration lead;
    private final StaffOnDuty host;
    private final CallbackService callbacks;
    private final ActionScheduler scheduler;
    private final Clock clock;

    ReservationConfirmations(String tenantId, PhoneNumber display, Duration lead, StaffOnDuty host, CallbackService callbacks,
            ActionScheduler scheduler, Clock clock) {
        this.tenantId = tenantId;
        this.display = display;
        this.lead = lead;
        this.host = host;
        this.callbacks = callbacks;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    JsonObject apply(ReservationEvent event) throws AdapterException {
        JsonObject answer = new JsonObject();
        answer.addProperty("eventId", event.eventId());
        answer.addProperty("reservationId", event.reservationId());
        if (!event.created()) {
            boolean cancelled = scheduler.cancel(VENDOR_ID, confirmationKey(event.reservationId()));
            LOG.info("Reservation {} cancelled{}", event.reservationId(), cancelled ? ", confirmation call cancelled" : "");
            answer.addProperty("confirmationCancelled", cancelled);
            return answer;
        }
        Instant now = clock.instant();
        if (!event.at().isAfter(now)) {
            throw AdapterException.invalid("reservation " + event.reservationId() + " is for a time already past");
        }
        Instant due = event.at().minus(lead);
        due = due.isBefore(now) ? now : due;
        scheduler.schedule(VENDOR_ID, confirmationKey(event.reservationId()), tenantId, due, Confirmation.of(event).toJson());
        LOG.info("Reservation {} to be confirmed at {}", event.reservationId(), due);
        answer.addProperty("confirmationAt", due.toString());
        return answer;
    }

    /**
     * Places a due confirmation call. A refusal that will not change on retry (policy, bad number)
     * is logged and dropped; an overloaded engine or an empty host stand is retried by the scheduler.
     */
    void run(ScheduledAction action) {
        Confirmation confirmation = Confirmation.fromJson(action.payload());
        PhoneNumber stand = host.at(clock.instant())
                .orElseThrow(() -> new IllegalStateException("no " + host.role() + " on duty to confirm reservations"));
        PhoneNumber guest = confirmation.guestNumber();
        try {
            Call call = callbacks.place(CallbackRequest.builder(stand, guest).tenantId(tenantId).display(display)
                    .userData("restaurant-confirm:" + confirmation.reservationId()).build());
            LOG.info("Confirmation callback {} for reservation {} at {}: host {} to guest {}", call.id(),
                    confirmation.reservationId(), confirmation.at(), stand, guest);
        } catch (CallbackRejectedException e) {
            if (e.reason() == CallbackRejectedException.Reason.OVERLOADED) {
                throw e;
            }
            LOG.info("Confirmation callback for reservation {} refused ({}): {}", confirmation.reservationId(), e.reason(),
                    e.getMessage());
        }
    }
}
