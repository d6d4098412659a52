package io.huibo.binding.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.huibo.api.Binding;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingStore;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;

/**
 * Bindings in a map, every one on {@link #X}, for testing what the service does around the
 * store; the store's own rules are tested against Derby in the store bundle.
 */
class FakeBindingStore implements BindingStore {
    static final PhoneNumber X = PhoneNumber.ofE164("+8657188880001");

    final Map<String, Binding> bindings = new LinkedHashMap<>();
    final List<PoolNumber> pool = new ArrayList<>();
    BindingRequest lastRequest;

    @Override
    public PoolNumber addNumber(PoolNumber number) {
        pool.add(number);
        return number;
    }

    @Override
    public List<PoolNumber> numbers() {
        return pool;
    }

    @Override
    public void removeNumber(PhoneNumber number, Instant now) {
        pool.removeIf(n -> n.number().equals(number));
    }

    @Override
    public Binding allocate(String id, BindingRequest request, Instant now) {
        lastRequest = request;
        Binding binding = new Binding(id, request.mode(), X, request.a(), request.b(), request.direction(),
                request.orderId(), request.city(), false, now, now.plusSeconds(request.ttlSeconds()), null);
        bindings.put(id, binding);
        return binding;
    }

    @Override
    public Optional<Binding> find(String id) {
        return Optional.ofNullable(bindings.get(id));
    }

    @Override
    public List<Binding> findByOrder(String orderId) {
        return bindings.values().stream().filter(b -> orderId.equals(b.orderId())).toList();
    }

    @Override
    public Binding update(String id, PhoneNumber b, Instant expiresAt, Direction direction, Instant now) {
        Binding c = bindings.get(id);
        Binding changed = new Binding(id, c.mode(), c.x(), c.a(), b == null ? c.b() : b,
                direction == null ? c.direction() : direction, c.orderId(), c.city(), c.cityFallback(), c.createdAt(),
                expiresAt == null ? c.expiresAt() : expiresAt, null);
        bindings.put(id, changed);
        return changed;
    }

    @Override
    public boolean delete(String id, Instant now) {
        Binding c = bindings.get(id);
        if (c == null || !c.isActive(now)) {
            return false;
        }
        bindings.put(id, new Binding(id, c.mode(), c.x(), c.a(), c.b(), c.direction(), c.orderId(), c.city(),
                c.cityFallback(), c.createdAt(), c.expiresAt(), now));
        return true;
    }

    @Override
    public Optional<Binding> activeFor(PhoneNumber x, PhoneNumber caller, Instant now) {
        return bindings.values().stream().filter(b -> b.x().equals(x) && b.isActive(now))
                .filter(b -> b.b() == null || caller.equals(b.a()) || caller.equals(b.b())).findFirst();
    }
}
