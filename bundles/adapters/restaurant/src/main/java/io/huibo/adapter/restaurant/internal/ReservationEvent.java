package io.huibo.adapter.restaurant.internal;

import static io.huibo.adapter.restaurant.internal.RestaurantConstants.RESERVATION_CANCELLED;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.RESERVATION_CREATED;

import java.time.Instant;

import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.AdapterException;
import io.huibo.adapters.support.EventFields;

/**
 * A reservation made ({@code reservation.created}: guest and time) or cancelled
 * ({@code reservation.cancelled}: the id is enough, so {@code guest} and {@code at} are null).
 * A reservation created again under its id is moved.
 */
record ReservationEvent(String eventId, boolean created, String reservationId, PhoneNumber guest, Instant at) {

    static ReservationEvent parse(String body, String region) throws AdapterException {
        EventFields fields = EventFields.parse(body);
        String eventId = fields.id("eventId");
        String type = fields.text("type");
        String reservationId = fields.id("reservationId");
        return switch (type) {
            case RESERVATION_CREATED -> new ReservationEvent(eventId, true, reservationId, fields.phone("guestPhone", region),
                    fields.time("at"));
            case RESERVATION_CANCELLED -> new ReservationEvent(eventId, false, reservationId, null, null);
            default -> throw AdapterException.invalid("unknown event type " + type + " on reservations/events");
        };
    }
}
