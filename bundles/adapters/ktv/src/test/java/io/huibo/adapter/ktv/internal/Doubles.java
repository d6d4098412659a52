package io.huibo.adapter.ktv.internal;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.huibo.api.ButtonGrant;
import io.huibo.api.ButtonScope;
import io.huibo.api.ButtonToken;
import io.huibo.api.ButtonTokens;
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
 * Test doubles for Huibo's own services around the adapter: the engine (which would dial), the
 * button's token minting (sealed and tested in the web bundle), and the staff roster (from
 * configuration files in Karaf). The bindings, scheduler and ledger under the tests are the real ones.
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

    /** Mints readable tokens and remembers their scopes: the web bundle's sealing is tested there. */
    static final class Tokens implements ButtonTokens {
        final Map<String, ButtonScope> scopes = new ConcurrentHashMap<>();
        final Map<String, PhoneNumber> displays = new ConcurrentHashMap<>();

        @Override
        public ButtonToken mint(String tenantId, ButtonScope scope, PhoneNumber display, Duration ttl) {
            String token = "t" + (scopes.size() + 1);
            scopes.put(token, scope);
            if (display != null) {
                displays.put(token, display);
            }
            return new ButtonToken(token, Instant.now().plus(ttl));
        }

        @Override
        public <T> T redeem(String token, Function<ButtonGrant, T> use) {
            throw new UnsupportedOperationException("the button's page redeems tokens, not the adapter");
        }
    }
}
