package io.huibo.adapter.ktv.internal;

/** Names the KTV adapter shares with the room system and with Huibo's configuration. */
final class KtvConstants {
    static final String VENDOR_ID = "ktv";
    /** Prefix of the request signature headers ({@code -Timestamp}, {@code -Nonce}, {@code -Signature}). */
    static final String SIGNATURE_PREFIX = "X-Ktv";
    /** The staff role, in {@code etc/io.huibo.staff-*.cfg}, that answers for the front desk. */
    static final String FRONT_DESK_ROLE = "front-desk";
    static final String BOOKING_EVENTS_PATH = "bookings/events";
    static final String ROOM_SERVICE_TOKEN_PATH = "room-service/button-token";
    /** Scheduler keys are per vendor: one no-show check per booking. */
    static final String NO_SHOW_KEY_PREFIX = "no-show:";

    private KtvConstants() {
    }

    static String noShowKey(String bookingId) {
        return NO_SHOW_KEY_PREFIX + bookingId;
    }
}
