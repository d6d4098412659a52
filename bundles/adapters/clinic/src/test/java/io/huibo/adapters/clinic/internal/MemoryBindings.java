package io.huibo.adapters.clinic.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.huibo.api.Binding;
import io.huibo.api.BindingException;
import io.huibo.api.BindingException.Reason;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.RelayDecision;

/** Bindings in a list, on one X, refusing a second active binding of a number as the real service does. */
final class MemoryBindings implements BindingService {
    static final PhoneNumber X = PhoneNumber.ofE164("+8657188880000");

    private final List<Binding> all = new ArrayList<>();
    private final Clock clock;

    MemoryBindings(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Binding bind(BindingRequest r) {
        Instant now = clock.instant();
        boolean taken = all.stream().filter(b -> b.isActive(now))
                .anyMatch(b -> b.a().equals(r.a()) || b.a().equals(r.b()) || r.b().equals(b.b()) || r.a().equals(b.b()));
        if (taken) {
            throw new BindingException(Reason.NO_AVAILABLE_NUMBER, "no X free");
        }
        Binding made = new Binding("b_" + all.size(), r.tenantId(), r.mode(), X, r.a(), r.b(), r.direction(), r.orderId(), r.city(),
                false, now, now.plusSeconds(r.ttlSeconds()), null);
        all.add(made);
        return made;
    }

    @Override
    public synchronized Optional<Binding> find(String id) {
        return all.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    @Override
    public synchronized List<Binding> findByOrder(String tenantId, String orderId) {
        return all.stream().filter(b -> b.tenantId().equals(tenantId) && orderId.equals(b.orderId())).toList();
    }

    @Override
    public synchronized List<Binding> findActive(String tenantId) {
        return all.stream().filter(b -> b.tenantId().equals(tenantId) && b.isActive(clock.instant())).toList();
    }

    @Override
    public synchronized Binding update(String id, PhoneNumber b, Integer ttlSeconds, Direction direction) {
        Instant now = clock.instant();
        Binding old = find(id).filter(x -> x.isActive(now)).orElseThrow(() -> new BindingException(Reason.NOT_FOUND, id));
        Binding updated = new Binding(id, old.tenantId(), old.mode(), old.x(), old.a(), b == null ? old.b() : b,
                direction == null ? old.direction() : direction, old.orderId(), old.city(), false, old.createdAt(),
                ttlSeconds == null ? old.expiresAt() : now.plusSeconds(ttlSeconds), null);
        all.set(all.indexOf(old), updated);
        return updated;
    }

    @Override
    public synchronized boolean delete(String id) {
        Instant now = clock.instant();
        Optional<Binding> old = find(id).filter(x -> x.isActive(now));
        old.ifPresent(b -> all.set(all.indexOf(b), new Binding(id, b.tenantId(), b.mode(), b.x(), b.a(), b.b(), b.direction(),
                b.orderId(), b.city(), false, b.createdAt(), b.expiresAt(), now)));
        return old.isPresent();
    }

    @Override
    public RelayDecision route(PhoneNumber caller, PhoneNumber x) {
        throw new UnsupportedOperationException("the clinic adapter never routes calls");
    }
}
