package io.huibo.binding.internal;

import java.util.regex.Pattern;

import io.huibo.api.BindingException;
import io.huibo.api.BindingException.Reason;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;

/**
 * What a binding request must be, checked before the store is asked:
 * <ul>
 * <li>{@code ttlSeconds} from 1 s to 7 days: privacy numbers are for the life of an order, and
 * a longer binding would hold pool numbers that orders need;</li>
 * <li>AXB needs {@code b}, different from {@code a}; AXN has no {@code b} and its direction is
 * {@code both}, since anyone calling X reaches A;</li>
 * <li>{@code city} is an area code of 2 to 6 digits ({@code 0571}); {@code orderId} at most 128
 * characters and {@code storeId} at most 64, as the schema holds them.</li>
 * </ul>
 */
final class BindingRules {
    static final int MAX_TTL_SECONDS = 7 * 24 * 3600;
    private static final Pattern CITY = Pattern.compile("[0-9]{2,6}");
    private static final int MAX_ORDER_ID = 128;
    private static final int MAX_STORE_ID = 64;

    private BindingRules() {
    }

    /** The request as the store takes it, its direction set, or INVALID_REQUEST. */
    static BindingRequest checked(BindingRequest request) {
        require(request.mode() != null, "mode is required");
        require(request.a() != null, "a is required");
        Direction direction = request.direction() == null ? Direction.BOTH : request.direction();
        if (request.mode() == BindingMode.AXN) {
            require(request.b() == null, "an AXN binding has no b");
            require(direction == Direction.BOTH, "an AXN binding routes every caller to a: its direction is both");
        } else {
            require(request.b() != null, "an AXB binding needs b");
            require(!request.b().equals(request.a()), "b must differ from a");
        }
        require(request.tenantId() != null, "a binding needs a tenant");
        ttl(request.ttlSeconds());
        city(request.city());
        require(request.orderId() == null || (!request.orderId().isEmpty() && request.orderId().length() <= MAX_ORDER_ID),
                "orderId must be 1 to " + MAX_ORDER_ID + " characters");
        return new BindingRequest(request.tenantId(), request.mode(), request.a(), request.b(), request.ttlSeconds(), request.city(),
                direction, request.orderId(), request.x());
    }

    /**
     * The changes of an update, as far as they can be checked without the binding: what its mode
     * allows (an AXN binding has no b, and its direction is both) the store checks under X's lock.
     */
    static void checkUpdate(PhoneNumber b, Integer ttlSeconds, Direction direction) {
        require(b != null || ttlSeconds != null || direction != null, "nothing to change: give b, ttlSeconds or direction");
        if (ttlSeconds != null) {
            ttl(ttlSeconds);
        }
    }

    static void checkPoolNumber(String city, String storeId) {
        city(city);
        require(storeId == null || (!storeId.isEmpty() && storeId.length() <= MAX_STORE_ID),
                "storeId must be 1 to " + MAX_STORE_ID + " characters");
    }

    private static void ttl(int ttlSeconds) {
        require(ttlSeconds >= 1 && ttlSeconds <= MAX_TTL_SECONDS, "ttlSeconds must be 1 to " + MAX_TTL_SECONDS);
    }

    private static void city(String city) {
        require(city == null || CITY.matcher(city).matches(), "city must be an area code of 2 to 6 digits, e.g. 0571");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new BindingException(Reason.INVALID_REQUEST, message);
        }
    }
}
