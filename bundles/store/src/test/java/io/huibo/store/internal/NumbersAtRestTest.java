package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.huibo.api.Binding;
import io.huibo.api.BindingException;
import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Real numbers at rest, against a real database (Derby, PostgreSQL): never in clear, yet found and unique. */
@DatabaseTest
class NumbersAtRestTest {
    private static final PhoneNumber A = JdbcBindingStoreTest.A;
    private static final PhoneNumber B = JdbcBindingStoreTest.B;
    private static final PhoneNumber C = JdbcBindingStoreTest.C;
    private static final PhoneNumber X = JdbcBindingStoreTest.X1;
    private static final KeyedRecordVault VAULT = new KeyedRecordVault(SecretBox.randomBytes(32));

    private final DataSource dataSource = TestDatabase.create();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @Test
    void noColumnOfAnyTableHoldsARealNumberInClear() throws Exception {
        JdbcBindingStore bindings = new JdbcBindingStore(dataSource, VAULT);
        JdbcCallStore calls = new JdbcCallStore(dataSource, VAULT);
        bindings.addNumber(new PoolNumber(X, Tenant.DEFAULT, "0571", "s1", now));
        Binding axb = bindings.allocate("b_1", JdbcBindingStoreTest.axb(A, B, "0571"), now);
        bindings.update("b_1", C, null, null, now); // B moves to C
        calls.save(call("c_1", A, B));
        new JdbcScheduledActionStore(dataSource, VAULT).schedule("ktv", "k1", Tenant.DEFAULT, now, "{\"to\":\"" + A.e164() + "\"}");

        assertEquals(List.of(), clearNumbers(A, B, C));
        assertEquals(A, bindings.find(axb.id()).orElseThrow().a(), "yet read back whole");
        assertEquals(C, bindings.find(axb.id()).orElseThrow().b());
        assertEquals(B, calls.find("c_1").orElseThrow().to());
        assertTrue(clearNumbers(X).size() > 0, "pool numbers are virtual and stay clear");
    }

    @Test
    void lookupsCountsAndUniquenessWorkOnTheKeyedHash() throws Exception {
        JdbcBindingStore bindings = new JdbcBindingStore(dataSource, VAULT);
        JdbcCallStore calls = new JdbcCallStore(dataSource, VAULT);
        bindings.addNumber(new PoolNumber(X, Tenant.DEFAULT, "0571", "s1", now));
        bindings.allocate("b_1", JdbcBindingStoreTest.axb(A, B, "0571"), now);
        calls.save(call("c_1", A, B));
        calls.save(call("c_2", A, B));

        assertEquals("b_1", bindings.activeFor(X, B, now).orElseThrow().id());
        assertTrue(bindings.activeFor(X, C, now).isEmpty());
        assertEquals(2, calls.countSince(Tenant.DEFAULT, A, B, now.minusSeconds(1)));
        assertEquals(0, calls.countSince(Tenant.DEFAULT, B, A, now.minusSeconds(1)));
        assertThrows(BindingException.class, () -> bindings.allocate("b_2", JdbcBindingStoreTest.axb(A, C, "0571"), now),
                "A is bound on X already");
        assertNotEquals(VAULT.seal(A.e164()), VAULT.seal(A.e164()), "a fresh nonce each time: equal numbers do not show");
        assertEquals(VAULT.hash(A.e164()), VAULT.hash(A.e164()));
        assertNotEquals(VAULT.hash(A.e164()), new KeyedRecordVault(SecretBox.randomBytes(32)).hash(A.e164()),
                "another install's hash differs");
    }

    @Test
    void anUpgradeSealsTheClearRowsOfAnOlderInstallAndKeepsThem() throws Exception {
        LegacyRunner.applyBefore(dataSource, VAULT, "V12__numbers_at_rest.sql");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO huibo_number (number, added_at, held_mode, version) VALUES ('" + X.e164() + "', 0, 'AXB', 0)");
            s.executeUpdate("INSERT INTO huibo_binding (id, mode, x, a, b, direction, city_fallback, created_at, expires_at)"
                    + " VALUES ('b_old', 'AXB', '" + X.e164() + "', '" + A.e164() + "', '" + B.e164() + "', 'both', 0, 0, "
                    + now.plusSeconds(3600).toEpochMilli() + ")");
            for (PhoneNumber party : List.of(A, B)) {
                s.executeUpdate("INSERT INTO huibo_binding_party (x, party_number, binding_id, x_mode, expires_at) VALUES ('"
                        + X.e164() + "', '" + party.e164() + "', 'b_old', 'AXB', " + now.plusSeconds(3600).toEpochMilli() + ")");
            }
            s.executeUpdate("INSERT INTO huibo_call (id, kind, state, from_number, to_number, display_number, created_at)"
                    + " VALUES ('c_old', 'callback', 'ended', '" + A.e164() + "', '" + B.e164() + "', '" + X.e164() + "', "
                    + now.toEpochMilli() + ")");
            s.executeUpdate("INSERT INTO huibo_idempotency (tenant_id, idem_key, request_hash, status, body, created_at)"
                    + " VALUES ('default', 'k1', 'h', 201, '{\"a\":\"" + A.e164() + "\"}', 0)");
            s.executeUpdate("INSERT INTO huibo_webhook_outbox (id, tenant_id, ordering_key, seq, dedupe_key, event_type, url, body,"
                    + " attempts, created_at) VALUES ('ev_1', 'default', 'c_old', 1, 'd1', 'call.created', 'https://erp.example/',"
                    + " '{\"from\":\"" + A.e164() + "\"}', 0, 0)");
        }
        assertEquals(5, clearNumbers(A).size(), "the older install keeps them in clear");

        JdbcBindingStore bindings = new JdbcBindingStore(dataSource, VAULT); // migrates to V12
        JdbcCallStore calls = new JdbcCallStore(dataSource, VAULT);

        assertEquals(List.of(), clearNumbers(A, B));
        Binding kept = bindings.find("b_old").orElseThrow();
        assertEquals(List.of(A, B), List.of(kept.a(), kept.b()));
        assertEquals("b_old", bindings.activeFor(X, A, now).orElseThrow().id(), "its party rows route");
        assertThrows(BindingException.class, () -> bindings.allocate("b_new", JdbcBindingStoreTest.axb(B, C, "0571"), now),
                "and still hold B on X");
        assertEquals(B, calls.find("c_old").orElseThrow().to());
        assertEquals(1, calls.countSince(Tenant.DEFAULT, A, B, now.minusSeconds(1)));
        assertEquals("{\"a\":\"" + A.e164() + "\"}", VAULT.open(single("SELECT body FROM huibo_idempotency")));
        assertEquals("{\"from\":\"" + A.e164() + "\"}", VAULT.open(single("SELECT body FROM huibo_webhook_outbox")));
    }

    private static Call call(String id, PhoneNumber from, PhoneNumber to) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new Call(id, Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.QUEUED, from, to, X, null, null, List.of(), at,
                null, null, null, null);
    }

    private String single(String select) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    /** "table.column" of every text that contains one of {@code numbers}' digits, in any table of the schema. */
    private List<String> clearNumbers(PhoneNumber... numbers) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String table : tables) {
                try (PreparedStatement p = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = p.executeQuery()) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            String value = rs.getString(i);
                            for (PhoneNumber number : numbers) {
                                if (value != null && value.contains(number.e164().substring(3))) {
                                    found.add(table + "." + rs.getMetaData().getColumnName(i));
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
