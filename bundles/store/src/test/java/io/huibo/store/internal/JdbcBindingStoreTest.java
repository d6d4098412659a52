package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.huibo.api.Binding;
import io.huibo.api.BindingException;
import io.huibo.api.BindingException.Reason;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Against a real database: Derby on disk, and PostgreSQL in the postgresql run. */
@DatabaseTest
class JdbcBindingStoreTest {
    static final PhoneNumber A = PhoneNumber.ofE164("+8613800138000");
    static final PhoneNumber B = PhoneNumber.ofE164("+8613900139000");
    static final PhoneNumber C = PhoneNumber.ofE164("+8613700137000");
    static final PhoneNumber X1 = PhoneNumber.ofE164("+8657188880001");
    static final PhoneNumber X2 = PhoneNumber.ofE164("+8657188880002");
    static final PhoneNumber Y1 = PhoneNumber.ofE164("+8675588880001");
    private static final KeyedRecordVault VAULT = new KeyedRecordVault(new byte[32]);
    private static final int DAY = 86_400;

    private DataSource dataSource;
    private JdbcBindingStore store;
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void freshDatabase() throws SQLException {
        dataSource = TestDatabase.create();
        store = new JdbcBindingStore(dataSource, VAULT);
    }

    static BindingRequest axb(PhoneNumber a, PhoneNumber b, String city) {
        return new BindingRequest(Tenant.DEFAULT, BindingMode.AXB, a, b, DAY, city, Direction.BOTH, "order-1", null);
    }

    static BindingRequest axn(PhoneNumber a, String city) {
        return new BindingRequest(Tenant.DEFAULT, BindingMode.AXN, a, null, DAY, city, Direction.BOTH, "order-1", null);
    }

    private static BindingRequest onX(BindingRequest r, PhoneNumber x) {
        return new BindingRequest(r.tenantId(), r.mode(), r.a(), r.b(), r.ttlSeconds(), r.city(), r.direction(), r.orderId(), x);
    }

    private void pool(PhoneNumber... numbers) {
        for (PhoneNumber x : numbers) {
            store.addNumber(new PoolNumber(x, Tenant.DEFAULT, x.e164().startsWith("+86571") ? "0571" : "0755", "s1", t0));
        }
    }

    private static void assertRefused(Reason reason, Executable call) {
        assertEquals(reason, assertThrows(BindingException.class, call).reason());
    }

    @Test
    void thePoolListsAddsAndRemovesNumbers() {
        pool(X2, X1);
        assertEquals(List.of(new PoolNumber(X1, Tenant.DEFAULT, "0571", "s1", t0), new PoolNumber(X2, Tenant.DEFAULT, "0571", "s1", t0)), store.numbers(Tenant.DEFAULT));
        assertRefused(Reason.BIND_CONFLICT, () -> pool(X1));
        store.removeNumber(Tenant.DEFAULT, X2, t0);
        assertEquals(List.of(X1), store.numbers(Tenant.DEFAULT).stream().map(PoolNumber::number).toList());
        assertRefused(Reason.NOT_FOUND, () -> store.removeNumber(Tenant.DEFAULT, X2, t0));
    }

    @Test
    void aTenantBindsOnlyOnItsOwnNumbersAndCannotTouchAnothersPool() {
        pool(X1);
        store.addNumber(new PoolNumber(X2, "acme", "0571", "s1", t0));
        assertEquals(List.of(X2), store.numbers("acme").stream().map(PoolNumber::number).toList());
        assertEquals(List.of(X1), store.numbers(Tenant.DEFAULT).stream().map(PoolNumber::number).toList());
        assertEquals(java.util.Optional.of("acme"), store.ownerOf(X2));

        BindingRequest acme = new BindingRequest("acme", BindingMode.AXB, A, B, DAY, "0571", Direction.BOTH, "o", null);
        Binding bound = store.allocate("b_acme", acme, t0);
        assertEquals(X2, bound.x(), "acme's binding is on acme's number though X1 sorts first");
        assertEquals("acme", store.find("b_acme").orElseThrow().tenantId());
        assertRefused(Reason.NO_AVAILABLE_NUMBER, () -> store.allocate("b_acme2", acme, t0));
        assertRefused(Reason.INVALID_REQUEST, () -> store.allocate("b_acme3", onX(acme, X1), t0));
        assertRefused(Reason.NOT_FOUND, () -> store.removeNumber("acme", X1, t0));
        assertEquals(List.of(X1), store.numbers(Tenant.DEFAULT).stream().map(PoolNumber::number).toList());
        assertTrue(store.findByOrder(Tenant.DEFAULT, "o").isEmpty());
        assertEquals(List.of(bound), store.findByOrder("acme", "o"));
    }

    @Test
    void aNumberIsNotRemovedWhileBoundButIsOnceTheBindingEnds() {
        pool(X1);
        Binding binding = store.allocate("b_1", axb(A, B, null), t0);
        assertRefused(Reason.NUMBER_IN_USE, () -> store.removeNumber(Tenant.DEFAULT, X1, t0));
        assertTrue(store.end(binding.id(), t0).isPresent());
        store.removeNumber(Tenant.DEFAULT, X1, t0);
        assertTrue(store.numbers(Tenant.DEFAULT).isEmpty());
        assertEquals(t0, store.find("b_1").orElseThrow().deletedAt(), "the binding stays on record");
    }

    @Test
    void anExpiredBindingDoesNotHoldItsNumber() {
        pool(X1);
        store.allocate("b_1", axb(A, B, null), t0);
        assertRefused(Reason.NUMBER_IN_USE, () -> store.removeNumber(Tenant.DEFAULT, X1, t0.plusSeconds(DAY - 1)));
        store.removeNumber(Tenant.DEFAULT, X1, t0.plusSeconds(DAY));
    }

    @Test
    void aNumberMovedToAnotherTenantOnAnotherNodeIsNotAllocatedFromAStaleList() throws SQLException {
        JdbcBindingStore otherNode = new JdbcBindingStore(dataSource, VAULT);
        store.addNumber(new PoolNumber(X1, "acme", "0571", "s1", t0));
        store.addNumber(new PoolNumber(X2, "acme", "0571", "s1", t0));
        BindingRequest acme = new BindingRequest("acme", BindingMode.AXN, A, null, DAY, "0571", Direction.BOTH, "o", null);
        assertEquals(X1, store.allocate("b_1", acme, t0).x(), "this node has now listed acme's pool");

        otherNode.removeNumber("acme", X2, t0);
        otherNode.addNumber(new PoolNumber(X2, Tenant.DEFAULT, "0571", "s1", t0));
        BindingRequest again = new BindingRequest("acme", BindingMode.AXN, B, null, DAY, "0571", Direction.BOTH, "o", null);
        assertRefused(Reason.NO_AVAILABLE_NUMBER, () -> store.allocate("b_2", again, t0));
        assertTrue(store.find("b_2").isEmpty());
    }

    @Test
    void concurrentAllocationsStartAtDifferentNumbers() {
        pool(X1, X2);
        assertEquals(X1, store.allocate("b_1", axb(A, B, null), t0).x());
        assertEquals(X2, store.allocate("b_2", axb(C, PhoneNumber.ofE164("+8613600136000"), null), t0).x(),
                "the next allocation tries X2 first, though X1 could take it too");
    }

    @Test
    void theRequestedCityComesFirstThenAnyFreeNumber() {
        pool(X1, Y1);
        Binding inCity = store.allocate("b_1", axb(A, B, "0755"), t0);
        assertEquals(Y1, inCity.x());
        assertFalse(inCity.cityFallback());
        Binding fallback = store.allocate("b_2", axb(A, C, "0755"), t0);
        assertEquals(X1, fallback.x(), "A is bound on Y1 already");
        assertTrue(fallback.cityFallback());
        assertEquals(fallback, store.find("b_2").orElseThrow());
        assertRefused(Reason.NO_AVAILABLE_NUMBER, () -> store.allocate("b_3", axb(C, A, "0755"), t0));
    }

    @Test
    void anAxbNumberTakesOtherPairsButNoNumberTwice() {
        pool(X1);
        store.allocate("b_1", axb(A, B, null), t0);
        assertEquals(X1, store.allocate("b_2", axb(C, PhoneNumber.ofE164("+8613600136000"), null), t0).x());
        assertRefused(Reason.NO_AVAILABLE_NUMBER, () -> store.allocate("b_3", axb(B, C, null), t0));
    }

    @Test
    void anAxnBindingHoldsItsNumberAlone() {
        pool(X1, X2);
        assertEquals(X1, store.allocate("b_1", axn(A, null), t0).x());
        assertEquals(X2, store.allocate("b_2", axb(B, C, null), t0).x(), "X1 is held by the AXN");
        assertRefused(Reason.NO_AVAILABLE_NUMBER, () -> store.allocate("b_3", axn(C, null), t0));
        assertRefused(Reason.BIND_CONFLICT, () -> store.allocate("b_4", onX(axb(PhoneNumber.ofE164("+8613600136000"),
                PhoneNumber.ofE164("+8613500135000"), null), X1), t0));
    }

    @Test
    void aRequestedNumberIsTakenOrRefusedAsAConflict() {
        pool(X1, X2);
        assertEquals(X2, store.allocate("b_1", onX(axb(A, B, null), X2), t0).x());
        assertRefused(Reason.BIND_CONFLICT, () -> store.allocate("b_2", onX(axb(A, C, null), X2), t0));
        assertRefused(Reason.INVALID_REQUEST, () -> store.allocate("b_3", onX(axb(A, C, null), Y1), t0));
        assertTrue(store.find("b_2").isEmpty(), "a refused binding leaves nothing");
    }

    @Test
    void callsAreRoutedByTheActiveBindingUntilItsExpiryToTheMillisecond() {
        pool(X1, X2);
        Binding axb = store.allocate("b_1", onX(axb(A, B, null), X1), t0);
        Binding axn = store.allocate("b_2", onX(axn(C, null), X2), t0);
        assertEquals(axb, store.activeFor(X1, A, t0).orElseThrow());
        assertEquals(axb, store.activeFor(X1, B, t0).orElseThrow());
        assertTrue(store.activeFor(X1, C, t0).isEmpty());
        assertEquals(axn, store.activeFor(X2, B, t0).orElseThrow(), "anyone calling an AXN number reaches A");
        Instant expiry = t0.plusSeconds(DAY);
        assertTrue(store.activeFor(X1, A, expiry.minusMillis(1)).isPresent());
        assertTrue(store.activeFor(X1, A, expiry).isEmpty());
        assertTrue(store.activeFor(X2, B, expiry).isEmpty());

        Binding again = store.allocate("b_3", axb(A, C, null), expiry);
        assertEquals(X1, again.x(), "the expired binding no longer holds A on X1");
        assertEquals(again, store.activeFor(X1, A, expiry).orElseThrow());
        assertFalse(store.find("b_1").orElseThrow().isActive(expiry));
    }

    @Test
    void anUpdateChangesBTheExpiryAndTheDirectionKeepingTheInvariant() {
        pool(X1);
        store.allocate("b_1", axb(A, B, null), t0);
        PhoneNumber d = PhoneNumber.ofE164("+8613600136000");
        store.allocate("b_2", axb(C, d, null), t0);
        assertRefused(Reason.BIND_CONFLICT, () -> store.update("b_1", C, null, null, t0));
        assertRefused(Reason.INVALID_REQUEST, () -> store.update("b_1", A, null, null, t0));

        Instant later = t0.plusSeconds(2 * DAY);
        Binding changed = store.update("b_1", PhoneNumber.ofE164("+8613500135000"), later, Direction.A_TO_B, t0);
        assertEquals(PhoneNumber.ofE164("+8613500135000"), changed.b());
        assertEquals(later, changed.expiresAt());
        assertEquals(Direction.A_TO_B, changed.direction());
        assertEquals(changed, store.find("b_1").orElseThrow());
        assertTrue(store.activeFor(X1, B, t0).isEmpty(), "the old B no longer reaches anyone");
        assertEquals("b_1", store.activeFor(X1, changed.b(), t0).orElseThrow().id());
        store.allocate("b_3", axb(B, PhoneNumber.ofE164("+8613300133000"), null), t0);

        // past its first expiry the extended binding still holds its numbers on X1
        Instant firstExpiry = t0.plusSeconds(DAY);
        assertRefused(Reason.BIND_CONFLICT, () -> store.allocate("b_4", onX(axb(A, PhoneNumber.ofE164("+8613300133001"), null), X1),
                firstExpiry));
        assertEquals("b_1", store.activeFor(X1, A, firstExpiry).orElseThrow().id());

        assertRefused(Reason.NOT_FOUND, () -> store.update("b_2", null, null, Direction.B_TO_A, t0.plusSeconds(DAY)));
        assertRefused(Reason.NOT_FOUND, () -> store.update("b_missing", null, null, null, t0));
    }

    @Test
    void theActiveBindingsAreTheTenantsOwnThatRouteNow() {
        pool(X1, X2);
        store.addNumber(new PoolNumber(Y1, "acme", "0755", "s9", t0));
        store.allocate("b_1", axb(A, B, null), t0);
        store.allocate("b_2", axn(C, null), t0.plusSeconds(1));
        store.allocate("b_3", new BindingRequest("acme", BindingMode.AXB, A, B, DAY, null, Direction.BOTH, "order-1", null), t0);
        assertEquals(List.of("b_1", "b_2"), ids(store.findActive(Tenant.DEFAULT, t0.plusSeconds(1))));
        assertEquals(List.of("b_3"), ids(store.findActive("acme", t0)), "another tenant's are not listed");

        assertTrue(store.end("b_2", t0.plusSeconds(2)).isPresent());
        assertEquals(List.of("b_1"), ids(store.findActive(Tenant.DEFAULT, t0.plusSeconds(2))));
        assertEquals(List.of("b_1"), ids(store.findActive(Tenant.DEFAULT, t0.plusSeconds(DAY).minusMillis(1))));
        assertTrue(store.findActive(Tenant.DEFAULT, t0.plusSeconds(DAY)).isEmpty(), "expired at its expiry, to the millisecond");
    }

    private static List<String> ids(List<Binding> bindings) {
        return bindings.stream().map(Binding::id).toList();
    }

    @Test
    void aDeletedBindingStaysOnRecordAndFreesItsNumbers() {
        pool(X1);
        store.allocate("b_1", axn(A, null), t0);
        assertTrue(store.delete("b_1", t0.plusSeconds(5)));
        assertFalse(store.delete("b_1", t0.plusSeconds(6)));
        assertFalse(store.end("b_missing", t0).isPresent());
        Binding deleted = store.find("b_1").orElseThrow();
        assertEquals(t0.plusSeconds(5), deleted.deletedAt());
        assertTrue(store.activeFor(X1, B, t0.plusSeconds(5)).isEmpty());
        assertEquals(X1, store.allocate("b_2", axb(A, B, null), t0.plusSeconds(5)).x());
        assertEquals(List.of("b_1", "b_2"), store.findByOrder(Tenant.DEFAULT, "order-1").stream().map(Binding::id).toList());
        assertNull(store.findByOrder(Tenant.DEFAULT, "order-1").get(1).deletedAt());
    }

    @Test
    void theSchemaItselfRefusesANumberTwiceOnOneXAndAnAxbBesideAnAxn() throws Exception {
        pool(X1, X2);
        store.allocate("b_1", onX(axb(A, B, null), X1), t0);
        store.allocate("b_2", onX(axn(C, null), X2), t0);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO huibo_binding (id, mode, x, a_sealed, a_hash, b_sealed, b_hash, direction, city_fallback,"
                    + " created_at, expires_at) VALUES ('b_raw', 'AXB', '" + X1.e164() + "', '" + VAULT.seal(A.e164()) + "', '"
                    + VAULT.hash(A.e164()) + "', '" + VAULT.seal(C.e164()) + "', '" + VAULT.hash(C.e164()) + "', 'both', 0, 0, "
                    + Long.MAX_VALUE + ")");
            assertConstraintRefuses(s, "INSERT INTO huibo_binding_party (x, party_hash, binding_id, x_mode) VALUES ('" + X1.e164() + "', '"
                    + VAULT.hash(A.e164()) + "', 'b_raw', 'AXB')");
            assertConstraintRefuses(s, "INSERT INTO huibo_binding_party (x, party_hash, binding_id, x_mode) VALUES ('" + X2.e164() + "', '"
                    + VAULT.hash("+8613600136000") + "', 'b_raw', 'AXB')");
            assertConstraintRefuses(s, "INSERT INTO huibo_binding_party (x, party_hash, binding_id, x_mode) VALUES ('" + X2.e164() + "', '*', 'b_raw', 'AXN')");
            assertConstraintRefuses(s, "UPDATE huibo_number SET held_mode = 'AXB' WHERE number = '" + X2.e164() + "'");
        }
    }

    private static void assertConstraintRefuses(Statement s, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql), sql);
        assertTrue(e.getSQLState().startsWith("23"), e.getSQLState() + " " + e.getMessage());
    }

    /** Pairs of (x, number) that more than one active binding holds, and AXN numbers not held alone. */
    static int invariantBreaches(DataSource dataSource, Instant now) throws SQLException {
        String active = " FROM huibo_binding WHERE deleted_at IS NULL AND expires_at > " + now.toEpochMilli();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            int breaches = 0;
            try (ResultSet rs = s.executeQuery("SELECT x, n FROM (SELECT x, a_hash AS n" + active
                    + " UNION ALL SELECT x, b_hash AS n" + active + " AND b_hash IS NOT NULL) t GROUP BY x, n HAVING COUNT(*) > 1")) {
                while (rs.next()) {
                    breaches++;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT x" + active
                    + " GROUP BY x HAVING SUM(CASE WHEN mode = 'AXN' THEN 1 ELSE 0 END) > 0 AND COUNT(*) > 1")) {
                while (rs.next()) {
                    breaches++;
                }
            }
            return breaches;
        }
    }
}
