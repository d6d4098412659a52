package io.huibo.adapter.restaurant.internal;

/** Names the restaurant adapter shares with the POS and with Huibo's configuration. */
final class RestaurantConstants {
    static final String VENDOR_ID = "restaurant";
    /** Prefix of the request signature headers ({@code -Timestamp}, {@code -Nonce}, {@code -Signature}). */
    static final String SIGNATURE_PREFIX = "X-Restaurant";
    /** The staff role, in {@code etc/io.huibo.staff-*.cfg}, that calls guests from the host stand. */
    static final String HOST_ROLE = "host";
    static final String QUEUE_READY_PATH = "queue/ready";
    static final String RESERVATION_EVENTS_PATH = "reservations/events";
    static final String DELIVERY_EVENTS_PATH = "deliveries/events";
    static final String QUEUE_READY = "queue.ready";
    static final String RESERVATION_CREATED = "reservation.created";
    static final String RESERVATION_CANCELLED = "reservation.cancelled";
    static final String ORDER_DISPATCHED = "order.dispatched";
    static final String ORDER_CLOSED = "order.closed";
    /** Scheduler keys are per vendor: one confirmation call per reservation. */
    static final String CONFIRMATION_KEY_PREFIX = "confirm:";

    private RestaurantConstants() {
    }

    static String confirmationKey(String reservationId) {
        return CONFIRMATION_KEY_PREFIX + reservationId;
    }
}
