package io.huibo.adapter.ktv.internal;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

import io.huibo.api.PhoneNumber;

/**
 * What a scheduled no-show check needs when it falls due, kept as the action's JSON payload:
 * the booking, the guest's number in E.164 (the database holds real numbers; logs never do) and the room.
 */
record NoShowCheck(String bookingId, String guest, String room) {
    private static final Gson GSON = new Gson();

    static NoShowCheck of(BookingEvent event) {
        return new NoShowCheck(event.bookingId(), event.guest().e164(), event.room());
    }

    static NoShowCheck fromJson(String payload) {
        NoShowCheck check;
        try {
            check = GSON.fromJson(payload, NoShowCheck.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a no-show check: " + e.getMessage(), e);
        }
        if (check == null || check.bookingId == null || check.guest == null) {
            throw new IllegalArgumentException("a no-show check without booking or guest");
        }
        return check;
    }

    String toJson() {
        return GSON.toJson(this);
    }

    PhoneNumber guestNumber() {
        return PhoneNumber.ofE164(guest);
    }
}
