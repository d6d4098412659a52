package io.huibo.adapter.restaurant.internal;

import static io.huibo.adapter.restaurant.internal.RestaurantConstants.ORDER_CLOSED;
import static io.huibo.adapter.restaurant.internal.RestaurantConstants.ORDER_DISPATCHED;

import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.AdapterException;
import io.huibo.adapters.support.EventFields;

/**
 * A delivery order dispatched to a rider ({@code order.dispatched}: rider and customer) or
 * closed ({@code order.closed}: the order id is enough, so the numbers are null).
 */
record DeliveryEvent(String eventId, boolean dispatched, String orderId, PhoneNumber rider, PhoneNumber customer) {

    static DeliveryEvent parse(String body, String region) throws AdapterException {
        EventFields fields = EventFields.parse(body);
        String eventId = fields.id("eventId");
        String type = fields.text("type");
        String orderId = fields.id("orderId");
        return switch (type) {
            case ORDER_DISPATCHED -> new DeliveryEvent(eventId, true, orderId, fields.phone("riderPhone", region),
                    fields.phone("customerPhone", region));
            case ORDER_CLOSED -> new DeliveryEvent(eventId, false, orderId, null, null);
            default -> throw AdapterException.invalid("unknown event type " + type + " on deliveries/events");
        };
    }
}
