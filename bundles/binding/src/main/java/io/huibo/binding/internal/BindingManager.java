package io.huibo.binding.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.huibo.api.Binding;
import io.huibo.api.BindingEvents;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.RelayDecision.Verdict;
import io.huibo.api.RelayDecision;
import io.huibo.api.spi.BindingStore;

/**
 * AXB/AXN bindings: requests checked by {@link BindingRules}, made atomic by the store (which
 * holds the one-answer invariant), and announced on EventAdmin once committed.
 */
@Component(service = BindingService.class)
public class BindingManager implements BindingService {
    private static final Logger LOG = LoggerFactory.getLogger(BindingManager.class);

    private final BindingStore store;
    private final EventAdmin events;
    private final Clock clock;

    @Activate
    public BindingManager(@Reference BindingStore store, @Reference EventAdmin events) {
        this(store, events, Clock.systemUTC());
    }

    BindingManager(BindingStore store, EventAdmin events, Clock clock) {
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Binding bind(BindingRequest request) {
        Binding binding = store.allocate(newId(), BindingRules.checked(request), clock.instant());
        LOG.info("Binding {} created: {} on {}{}", binding.id(), binding.mode(), binding.x(),
                binding.cityFallback() ? ", outside the requested city" : "");
        post(BindingEvents.CREATED, binding);
        return binding;
    }

    @Override
    public Optional<Binding> find(String id) {
        return store.find(id);
    }

    @Override
    public List<Binding> findByOrder(String tenantId, String orderId) {
        return store.findByOrder(tenantId, orderId);
    }

    @Override
    public List<Binding> findActive(String tenantId) {
        return store.findActive(tenantId, clock.instant());
    }

    /** The store checks, under X's lock, that the binding is active and what its mode allows; no read before. */
    @Override
    public Binding update(String id, PhoneNumber b, Integer ttlSeconds, Direction direction) {
        Instant now = clock.instant();
        BindingRules.checkUpdate(b, ttlSeconds, direction);
        Binding updated = store.update(id, b, ttlSeconds == null ? null : now.plusSeconds(ttlSeconds), direction, now);
        LOG.info("Binding {} updated", id);
        post(BindingEvents.UPDATED, updated);
        return updated;
    }

    @Override
    public boolean delete(String id) {
        Optional<Binding> ended = store.end(id, clock.instant());
        ended.ifPresent(binding -> {
            LOG.info("Binding {} deleted", id);
            post(BindingEvents.DELETED, binding);
        });
        return ended.isPresent();
    }

    @Override
    public RelayDecision route(PhoneNumber caller, PhoneNumber x) {
        return store.activeFor(x, caller, clock.instant()).map(binding -> RelayRules.decide(binding, caller))
                .orElseGet(() -> RelayDecision.refuse(Verdict.NO_BINDING, store.ownerOf(x).orElse(null), null));
    }

    /** {@code b_} and 32 random hex digits: unguessable, so an id reveals nothing of others. */
    private static String newId() {
        return "b_" + UUID.randomUUID().toString().replace("-", "");
    }

    private void post(String topic, Binding binding) {
        events.postEvent(new Event(topic, Map.of(BindingEvents.BINDING_ID, binding.id(),
                BindingEvents.MODE, binding.mode().name(), BindingEvents.X, binding.x().e164())));
    }
}
