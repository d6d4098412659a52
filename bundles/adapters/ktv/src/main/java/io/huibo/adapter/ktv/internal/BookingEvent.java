package io.huibo.adapter.ktv.internal;

import java.time.Instant;

import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.AdapterException;
import io.huibo.adapters.support.EventFields;

/**
 * One booking event of the room system. Created and confirmed events carry the whole booking;
 * checked-in and cancelled ones need only its id, so {@code guest}, {@code room}, {@code start}
 * and {@code end} are null there.
 */
record BookingEvent(String eventId, BookingEventType type, String bookingId, PhoneNumber guest, String room, Instant start,
        Instant end) {

    /**
     * Reads and validates an event body; numbers in national format are read in {@code region}.
     *
     * @throws AdapterException 400 naming the first bad or missing field
     */
    static BookingEvent parse(String body, String region) throws AdapterException {
        EventFields fields = EventFields.parse(body);
        String eventId = fields.id("eventId");
        String typeName = fields.text("type");
        BookingEventType type = BookingEventType.ofWireName(typeName)
                .orElseThrow(() -> AdapterException.invalid("unknown event type " + typeName));
        String bookingId = fields.id("bookingId");
        if (!type.expectsGuest()) {
            return new BookingEvent(eventId, type, bookingId, null, null, null, null);
        }
        PhoneNumber guest = fields.phone("guestPhone", region);
        String room = fields.id("room");
        Instant start = fields.time("start");
        Instant end = fields.time("end");
        if (!end.isAfter(start)) {
            throw AdapterException.invalid("end must be after start");
        }
        return new BookingEvent(eventId, type, bookingId, guest, room, start, end);
    }
}
