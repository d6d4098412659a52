package io.huibo.adapter.restaurant.internal;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.EngineStatus;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.StaffDirectory;

/**
 * Test doubles for Huibo's own services around the adapter: the engine (which would dial) and
 * the staff roster (from configuration files in Karaf). The bindings, scheduler and ledger under the tests are the real ones.
 */
final class Doubles {
    private Doubles() {
    }

    /** A configuration annotation as DS would build it: the given values, else each attribute's default. */
    static <A> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object value = values.get(method.getName());
            return value != null ? value : method.getDefaultValue();
        }));
    }

    /** The engine: remembers each request it is asked to place, or refuses them all with {@code refusal}. */
    static final class Callbacks implements CallbackService {
        final List<CallbackRequest> placed = new CopyOnWriteArrayList<>();
        CallbackRejectedException refusal;

        @Override
        public Call place(CallbackRequest request) {
            if (refusal != null) {
                throw refusal;
            }
            placed.add(request);
            return new Call("c_" + placed.size(), request.tenantId(), CallKind.CALLBACK, null, CallState.QUEUED, request.from(),
                    request.to(), request.display(), request.userData(), null, List.of(), Instant.now(), null, null, null, null);
        }

        @Override
        public boolean hangUp(String id) {
            throw new UnsupportedOperationException("adapters do not hang up");
        }

        @Override
        public EngineStatus status() {
            throw new UnsupportedOperationException("adapters do not ask");
        }
    }

    /** Who holds each role of each store, at all hours. */
    static final class Roster implements StaffDirectory {
        final Map<String, PhoneNumber> onDuty = new ConcurrentHashMap<>();

        void put(String tenantId, String storeId, String role, PhoneNumber number) {
            onDuty.put(tenantId + "/" + storeId + "/" + role, number);
        }

        @Override
        public Optional<PhoneNumber> onDuty(String tenantId, String storeId, String role, Instant at) {
            return Optional.ofNullable(onDuty.get(tenantId + "/" + storeId + "/" + role));
        }
    }
}
