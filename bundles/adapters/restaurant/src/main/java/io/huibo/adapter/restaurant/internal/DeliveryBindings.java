package io.huibo.adapter.restaurant.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;

import io.huibo.api.Binding;
import io.huibo.api.BindingException;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Direction;
import io.huibo.api.adapter.AdapterException;

/**
 * Rider-customer AXB bindings tied to delivery orders: made at dispatch, ended the moment the
 * order closes. The time to live is only a safety net for an order that never closes.
 */
final class DeliveryBindings {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBindings.class);

    private final String tenantId;
    private final int ttlSeconds;
    private final String city;
    private final BindingService bindings;
    private final Clock clock;

    DeliveryBindings(String tenantId, int ttlSeconds, String city, BindingService bindings, Clock clock) {
        this.tenantId = tenantId;
        this.ttlSeconds = ttlSeconds;
        this.city = city;
        this.bindings = bindings;
        this.clock = clock;
    }

    JsonObject apply(DeliveryEvent event) throws AdapterException {
        JsonObject answer = new JsonObject();
        answer.addProperty("eventId", event.eventId());
        answer.addProperty("orderId", event.orderId());
        List<Binding> active = active(event.orderId());
        if (!event.dispatched()) {
            int deleted = 0;
            for (Binding binding : active) {
                deleted += bindings.delete(binding.id()) ? 1 : 0;
            }
            LOG.info("Order {} closed: {} binding(s) ended", event.orderId(), deleted);
            answer.addProperty("bindingsDeleted", deleted);
            return answer;
        }
        Optional<Binding> same = active.stream()
                .filter(b -> b.a().equals(event.rider()) && event.customer().equals(b.b())).findFirst();
        Binding binding = same.isPresent() ? same.get() : dispatch(event, active);
        answer.addProperty("bindingId", binding.id());
        answer.addProperty("x", binding.x().e164());
        answer.addProperty("expiresAt", binding.expiresAt().toString());
        return answer;
    }

    /** Binds the new rider first, then ends an earlier rider's binding: a refused bind leaves the order as it was. */
    private Binding dispatch(DeliveryEvent event, List<Binding> earlier) throws AdapterException {
        Binding binding;
        try {
            binding = bindings.bind(new BindingRequest(tenantId, BindingMode.AXB, event.rider(), event.customer(), ttlSeconds,
                    city, Direction.BOTH, event.orderId(), null));
        } catch (BindingException e) {
            throw Refusals.of(e);
        }
        earlier.forEach(old -> bindings.delete(old.id()));
        LOG.info("Order {} dispatched: binding {}{}", event.orderId(), binding.id(),
                earlier.isEmpty() ? "" : ", the earlier rider's ended");
        return binding;
    }

    private List<Binding> active(String orderId) {
        return bindings.findByOrder(tenantId, orderId).stream().filter(b -> b.isActive(clock.instant())).toList();
    }
}
