package io.huibo.adapter.ktv.internal;

import java.util.Arrays;
import java.util.Optional;

/** The booking events the room system sends, by the names it sends them under. */
enum BookingEventType {
    CREATED("booking.created"),
    CONFIRMED("booking.confirmed"),
    CHECKED_IN("booking.checked-in"),
    CANCELLED("booking.cancelled");

    private final String wireName;

    BookingEventType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** Created and confirmed bookings are expected: they get a binding and a no-show check. */
    boolean expectsGuest() {
        return this == CREATED || this == CONFIRMED;
    }

    static Optional<BookingEventType> ofWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
