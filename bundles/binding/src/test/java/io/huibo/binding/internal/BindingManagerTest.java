package io.huibo.binding.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.huibo.api.Binding;
import io.huibo.api.BindingEvents;
import io.huibo.api.BindingException;
import io.huibo.api.BindingException.Reason;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;
import io.huibo.store.internal.JdbcBindingStore;
import io.huibo.store.internal.JdbcCallStore;
import io.huibo.store.internal.KeyedRecordVault;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;
import io.huibo.api.RelayDecision;
import io.huibo.api.RelayDecision.Verdict;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

@DatabaseTest
class BindingManagerTest {
    private static final PhoneNumber A = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber B = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber C = PhoneNumber.ofE164("+8613700137000");
    private static final PhoneNumber X = PhoneNumber.ofE164("+8657188880001");

    private final DataSource dataSource = TestDatabase.create();
    private final JdbcBindingStore store = storeWithPool(dataSource);
    private final List<Event> events = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final BindingManager bindings = new BindingManager(store, new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            events.add(event);
        }

        @Override
        public void sendEvent(Event event) {
            events.add(event);
        }
    }, clock);

    /** The real store on a fresh database; its pool holds X, then X2 (AXB and AXN need one each). */
    private static JdbcBindingStore storeWithPool(DataSource dataSource) {
        try {
            new JdbcCallStore(dataSource, new KeyedRecordVault(new byte[32])); // applies the migrations
            JdbcBindingStore store = new JdbcBindingStore(dataSource, new KeyedRecordVault(new byte[32]));
            store.addNumber(new PoolNumber(X, Tenant.DEFAULT, "0571", "s1", Instant.parse("2026-11-01T00:00:00Z")));
            store.addNumber(new PoolNumber(PhoneNumber.ofE164("+8657188880002"), Tenant.DEFAULT, "0571", "s1",
                    Instant.parse("2026-11-01T00:00:00Z")));
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BindingRequest request(BindingMode mode, PhoneNumber b, int ttl, String city, Direction direction) {
        return new BindingRequest(Tenant.DEFAULT, mode, A, b, ttl, city, direction, "order-9", null);
    }

    private static void assertInvalid(Executable call) {
        assertEquals(Reason.INVALID_REQUEST, assertThrows(BindingException.class, call).reason());
    }

    @Test
    void aBindingGetsARandomIdTheDefaultDirectionAndAnEvent() {
        Binding binding = bindings.bind(request(BindingMode.AXB, B, 60, "0571", null));
        assertTrue(binding.id().matches("b_[0-9a-f]{32}"), binding.id());
        assertEquals(Direction.BOTH, binding.direction());
        assertEquals(clock.instant().plusSeconds(60), binding.expiresAt());
        assertEquals(1, events.size());
        assertEquals(BindingEvents.CREATED, events.get(0).getTopic());
        assertEquals(binding.id(), events.get(0).getProperty(BindingEvents.BINDING_ID));
        assertEquals(X.e164(), events.get(0).getProperty(BindingEvents.X));
        assertEquals(List.of(binding), bindings.findByOrder(Tenant.DEFAULT, "order-9"));
    }

    @Test
    void badRequestsAreRefusedBeforeTheStoreIsAsked() {
        assertInvalid(() -> bindings.bind(request(BindingMode.AXN, B, 60, null, null)));
        assertInvalid(() -> bindings.bind(request(BindingMode.AXN, null, 60, null, Direction.A_TO_B)));
        assertInvalid(() -> bindings.bind(request(BindingMode.AXB, null, 60, null, null)));
        assertInvalid(() -> bindings.bind(request(BindingMode.AXB, A, 60, null, null)));
        assertInvalid(() -> bindings.bind(request(BindingMode.AXB, B, 0, null, null)));
        assertInvalid(() -> bindings.bind(request(BindingMode.AXB, B, BindingRules.MAX_TTL_SECONDS + 1, null, null)));
        assertInvalid(() -> bindings.bind(request(BindingMode.AXB, B, 60, "hangzhou", null)));
        assertInvalid(() -> bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXB, A, B, 60, null, null, "", null)));
        assertInvalid(() -> bindings.bind(new BindingRequest(Tenant.DEFAULT, null, A, B, 60, null, null, null, null)));
        assertTrue(bindings.findByOrder(Tenant.DEFAULT, "order-9").isEmpty(), "nothing reached the store");
        assertTrue(events.isEmpty());
        bindings.bind(request(BindingMode.AXB, B, BindingRules.MAX_TTL_SECONDS, "0571", Direction.B_TO_A));
        bindings.bind(request(BindingMode.AXN, null, 1, null, Direction.BOTH));
    }

    @Test
    void anUpdateIsCheckedAgainstTheBindingAndAnnounced() {
        Binding axb = bindings.bind(request(BindingMode.AXB, B, 60, null, null));
        Binding axn = bindings.bind(request(BindingMode.AXN, null, 60, null, null));
        assertInvalid(() -> bindings.update(axb.id(), null, null, null));
        assertInvalid(() -> bindings.update(axb.id(), null, 0, null));
        assertInvalid(() -> bindings.update(axn.id(), C, null, null));
        assertInvalid(() -> bindings.update(axn.id(), null, null, Direction.A_TO_B));

        clock.advance(Duration.ofSeconds(10));
        Binding changed = bindings.update(axb.id(), C, 120, Direction.A_TO_B);
        assertEquals(C, changed.b());
        assertEquals(clock.instant().plusSeconds(120), changed.expiresAt(), "the time to live counts from now");
        assertEquals(Direction.A_TO_B, changed.direction());
        assertEquals(BindingEvents.UPDATED, events.get(events.size() - 1).getTopic());

        clock.advance(Duration.ofSeconds(120));
        assertEquals(Reason.NOT_FOUND, assertThrows(BindingException.class,
                () -> bindings.update(axb.id(), null, 60, null)).reason());
        assertEquals(Reason.NOT_FOUND, assertThrows(BindingException.class,
                () -> bindings.update("b_missing", null, 60, null)).reason());
    }

    @Test
    void theActiveBindingsAreThoseThatRouteByTheManagersClock() {
        Binding shortLived = bindings.bind(request(BindingMode.AXB, B, 30, null, null));
        clock.advance(Duration.ofSeconds(1)); // oldest first: a second apart, whatever their random ids
        Binding longLived = bindings.bind(request(BindingMode.AXN, null, 60, null, null));
        assertEquals(List.of(shortLived, longLived), bindings.findActive(Tenant.DEFAULT));
        assertTrue(bindings.findActive("acme").isEmpty(), "another tenant has none");

        clock.advance(Duration.ofSeconds(29));
        assertEquals(List.of(longLived), bindings.findActive(Tenant.DEFAULT), "expired at its expiry");
    }

    @Test
    void aDeleteEndsTheBindingOnceAndIsAnnounced() {
        Binding binding = bindings.bind(request(BindingMode.AXB, B, 60, null, null));
        assertTrue(bindings.delete(binding.id()));
        assertFalse(bindings.delete(binding.id()));
        assertFalse(bindings.delete("b_missing"));
        assertEquals(clock.instant(), bindings.find(binding.id()).orElseThrow().deletedAt());
        assertEquals(List.of(BindingEvents.CREATED, BindingEvents.DELETED), events.stream().map(Event::getTopic).toList());
    }

    @Test
    void callsAreRoutedByTheActiveBindingOnX() {
        Binding binding = bindings.bind(request(BindingMode.AXB, B, 60, null, Direction.A_TO_B));
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, binding.id(), B), bindings.route(A, X));
        assertEquals(RelayDecision.refuse(Verdict.DIRECTION_FORBIDDEN, Tenant.DEFAULT, binding.id()), bindings.route(B, X));
        assertEquals(Verdict.NO_BINDING, bindings.route(C, X).verdict());
        assertEquals(Tenant.DEFAULT, bindings.route(C, X).tenantId(), "the refusal is the number's tenant's");
        assertEquals(RelayDecision.refuse(Verdict.NO_BINDING, null, null), bindings.route(A, PhoneNumber.ofE164("+8657188880009")));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(Verdict.NO_BINDING, bindings.route(A, X).verdict(), "expired at the second");
    }

    @Test
    void onlyTheOwnerOfXsBindingsRouteCallsToIt() throws SQLException {
        Binding binding = bindings.bind(request(BindingMode.AXB, B, 60, null, Direction.BOTH));
        assertEquals(Verdict.RELAY, bindings.route(A, X).verdict());
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("UPDATE huibo_number SET tenant_id = 'acme' WHERE number = ?")) {
            p.setString(1, X.e164()); // no API moves a bound number; a restored backup or a hand edit could
            p.executeUpdate();
        }
        assertEquals(RelayDecision.refuse(Verdict.NO_BINDING, "acme", null), bindings.route(A, X),
                "the default tenant's binding " + binding.id() + " no longer routes X");
        assertEquals(Verdict.NO_BINDING, bindings.route(B, X).verdict());
    }

    @Test
    void aTenantBindsOnlyOnNumbersOfItsOwnPool() {
        BindingRequest onX = new BindingRequest("acme", BindingMode.AXB, A, B, 60, null, Direction.BOTH, null, X);
        assertEquals(Reason.INVALID_REQUEST, assertThrows(BindingException.class, () -> bindings.bind(onX)).reason());
        BindingRequest any = new BindingRequest("acme", BindingMode.AXN, A, null, 60, null, Direction.BOTH, null, null);
        assertEquals(Reason.NO_AVAILABLE_NUMBER, assertThrows(BindingException.class, () -> bindings.bind(any)).reason());
        assertTrue(bindings.findActive("acme").isEmpty());
    }

    @Test
    void aNumberIsInOnePoolAndOnlyItsOwnerReleasesIt() {
        PoolManager pool = new PoolManager(store, clock);
        assertEquals(Reason.BIND_CONFLICT, assertThrows(BindingException.class, () -> pool.add("acme", X, "0571", null)).reason());
        assertEquals(Reason.BIND_CONFLICT,
                assertThrows(BindingException.class, () -> pool.add(Tenant.DEFAULT, X, "0571", null)).reason());
        assertEquals(Optional.of(Tenant.DEFAULT), pool.ownerOf(X));
        assertEquals(Optional.empty(), pool.ownerOf(PhoneNumber.ofE164("+8657188880009")));
        assertTrue(pool.list("acme").isEmpty());
        assertEquals(Reason.NOT_FOUND, assertThrows(BindingException.class, () -> pool.remove("acme", X)).reason());
        bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXN, A, null, 60, null, Direction.BOTH, null, X));
        assertEquals(Reason.NUMBER_IN_USE, assertThrows(BindingException.class, () -> pool.remove(Tenant.DEFAULT, X)).reason());
        assertEquals(Optional.of(Tenant.DEFAULT), pool.ownerOf(X), "a refused release changes nothing");
    }

    @Test
    void thePoolChecksCityAndStore() {
        PoolManager pool = new PoolManager(store, clock);
        PhoneNumber x3 = PhoneNumber.ofE164("+8657188880003");
        assertEquals(new PoolNumber(x3, Tenant.DEFAULT, "0571", "s1", clock.instant()), pool.add(Tenant.DEFAULT, x3, "0571", "s1"));
        assertInvalid(() -> pool.add(Tenant.DEFAULT, x3, "571x", "s1"));
        assertInvalid(() -> pool.add(Tenant.DEFAULT, x3, "0571", "s".repeat(65)));
        assertEquals(3, pool.list(Tenant.DEFAULT).size());
        pool.remove(Tenant.DEFAULT, x3);
        assertEquals(2, pool.list(Tenant.DEFAULT).size());
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
