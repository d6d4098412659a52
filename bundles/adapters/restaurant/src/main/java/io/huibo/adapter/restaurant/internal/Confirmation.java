package io.huibo.adapter.restaurant.internal;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import io.huibo.api.PhoneNumber;

/**
 * A scheduled reservation confirmation call, kept as the action's JSON payload: the reservation,
 * the guest's number in E.164 (the database holds real numbers; logs never do) and its time.
 */
record Confirmation(String reservationId, String guest, String at) {
    private static final Gson GSON = new Gson();

    static Confirmation of(ReservationEvent event) {
        return new Confirmation(event.reservationId(), event.guest().e164(), event.at().toString());
    }

    static Confirmation fromJson(String payload) {
        Confirmation confirmation;
        try {
            confirmation = GSON.fromJson(payload, Confirmation.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a reservation confirmation: " + e.getMessage(), e);
        }
        if (confirmation == null || confirmation.reservationId == null || confirmation.guest == null) {
            throw new IllegalArgumentException("a reservation confirmation without reservation or guest");
        }
        return confirmation;
    }

    String toJson() {
        return GSON.toJson(this);
    }

    PhoneNumber guestNumber() {
        return PhoneNumber.ofE164(guest);
    }
}
