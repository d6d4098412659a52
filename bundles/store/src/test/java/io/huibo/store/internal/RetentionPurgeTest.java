package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.huibo.api.BindingRequest;
import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Retention against a real database (Derby, PostgreSQL): what is over and old goes, in batches; nothing live does. */
@DatabaseTest
class RetentionPurgeTest {
    private static final KeyedRecordVault VAULT = new KeyedRecordVault(new byte[32]);
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final Duration LONG_AGO = Duration.ofDays(100);

    private final DataSource dataSource = TestDatabase.create();

    @Test
    void oldRecordsThatAreOverArePurgedAndLiveOnesKept() throws Exception {
        JdbcCallStore calls = new JdbcCallStore(dataSource, VAULT);
        JdbcBindingStore bindings = new JdbcBindingStore(dataSource, VAULT);
        Instant old = NOW.minus(LONG_AGO);
        calls.save(call("c_old", CallState.ENDED, old, old.plusSeconds(60)));
        calls.save(call("c_recent", CallState.ENDED, NOW.minusSeconds(60), NOW.minusSeconds(30)));
        calls.save(call("c_live", CallState.BRIDGED, old, null)); // in progress, however old
        bindings.addNumber(new PoolNumber(JdbcBindingStoreTest.X1, Tenant.DEFAULT, "0571", "s1", old));
        bindings.addNumber(new PoolNumber(JdbcBindingStoreTest.X2, Tenant.DEFAULT, "0571", "s1", old));
        bindings.allocate("b_expired", ttl(JdbcBindingStoreTest.axb(JdbcBindingStoreTest.A, JdbcBindingStoreTest.B, "0571"), 3600), old);
        bindings.allocate("b_deleted", JdbcBindingStoreTest.axb(JdbcBindingStoreTest.A, JdbcBindingStoreTest.C, "0571"), old);
        bindings.delete("b_deleted", old.plusSeconds(60));
        bindings.allocate("b_live", ttl(JdbcBindingStoreTest.axn(JdbcBindingStoreTest.C, "0571"), 200 * 86_400), old);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String[] event : List.of(new String[] {"ev_delivered", "delivered_at"}, new String[] {"ev_failed", "failed_at"},
                    new String[] {"ev_pending", "next_attempt_at"})) {
                s.executeUpdate("INSERT INTO huibo_webhook_outbox (id, tenant_id, ordering_key, seq, dedupe_key, event_type, url, body,"
                        + " attempts, created_at, " + event[1] + ") VALUES ('" + event[0] + "', 'default', '" + event[0] + "', 1, '"
                        + event[0] + "', 'call.created', 'https://erp.example/', 'x', 1, " + old.toEpochMilli() + ", "
                        + old.toEpochMilli() + ")");
            }
            s.executeUpdate("INSERT INTO huibo_adapter_event (vendor_id, event_id, seen_at) VALUES ('ktv', 'old', "
                    + old.toEpochMilli() + "), ('ktv', 'new', " + NOW.toEpochMilli() + ")");
            s.executeUpdate("INSERT INTO huibo_idempotency (tenant_id, idem_key, request_hash, status, body, created_at) VALUES"
                    + " ('default', 'old', 'h', 201, '', " + NOW.minus(Duration.ofHours(25)).toEpochMilli() + "),"
                    + " ('default', 'new', 'h', 201, '', " + NOW.toEpochMilli() + ")");
        }

        Map<String, Integer> purged = purge(Map.of());

        assertEquals(Map.of("calls", 1, "bindings", 2, "webhook events", 2, "adapter events", 1, "idempotency keys", 1), purged);
        assertEquals(List.of("c_live", "c_recent"), ids("SELECT id FROM huibo_call ORDER BY id"));
        assertEquals(List.of("c_live", "c_recent"), ids("SELECT DISTINCT call_id FROM huibo_call_leg ORDER BY call_id"));
        assertEquals(List.of("b_live"), ids("SELECT id FROM huibo_binding"));
        assertEquals(List.of("b_live", "b_live"), ids("SELECT binding_id FROM huibo_binding_party"));
        assertEquals(List.of("ev_pending"), ids("SELECT id FROM huibo_webhook_outbox"));
        assertEquals(List.of("new"), ids("SELECT event_id FROM huibo_adapter_event"));
        assertEquals(List.of("new"), ids("SELECT idem_key FROM huibo_idempotency"));
        assertTrue(bindings.activeFor(JdbcBindingStoreTest.X2, JdbcBindingStoreTest.A, NOW).isPresent(), "the live binding routes");
    }

    @Test
    void aPurgeLargerThanOneBatchTakesSeveralAndLeavesNothingOld() throws Exception {
        JdbcCallStore calls = new JdbcCallStore(dataSource, VAULT);
        Instant old = NOW.minus(LONG_AGO);
        for (int i = 0; i < 7; i++) {
            calls.save(call("c_" + i, CallState.ENDED, old, old.plusSeconds(i)));
        }
        assertEquals(7, purge(Map.of("batchSize", 3)).get("calls"));
        assertEquals(List.of(), ids("SELECT id FROM huibo_call"));
    }

    @Test
    void aSettingThatIsNoDurationIsRefusedWithItsName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> purge(Map.of("calls", "90 days")));
        assertTrue(e.getMessage().contains("calls"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> purge(Map.of("bindings", "-P1D")));
    }

    private Map<String, Integer> purge(Map<String, Object> settings) throws SQLException {
        return new RetentionPurge(dataSource, VAULT, config(settings), Clock.fixed(NOW, ZoneOffset.UTC)).purge();
    }

    /** The shipped defaults of etc/io.huibo.retention.cfg, but for {@code settings}. */
    private static RetentionConfig config(Map<String, Object> settings) {
        return new RetentionConfig() {
            @Override
            public String calls() {
                return (String) settings.getOrDefault("calls", "P90D");
            }

            @Override
            public String bindings() {
                return (String) settings.getOrDefault("bindings", "P90D");
            }

            @Override
            public String webhookEvents() {
                return "P7D";
            }

            @Override
            public String adapterEvents() {
                return "P30D";
            }

            @Override
            public String idempotencyKeys() {
                return "PT24H";
            }

            @Override
            public String every() {
                return "PT1H";
            }

            @Override
            public int batchSize() {
                return (Integer) settings.getOrDefault("batchSize", 500);
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return RetentionConfig.class;
            }
        };
    }

    private static BindingRequest ttl(BindingRequest r, int seconds) {
        return new BindingRequest(r.tenantId(), r.mode(), r.a(), r.b(), seconds, r.city(), r.direction(), r.orderId(), r.x());
    }

    private static Call call(String id, CallState state, Instant created, Instant ended) {
        Leg leg = new Leg(Party.FROM, LegState.ANSWERED, created, null, created,
                ended, 200);
        return new Call(id, Tenant.DEFAULT, CallKind.CALLBACK, null, state, JdbcBindingStoreTest.A, JdbcBindingStoreTest.B,
                JdbcBindingStoreTest.X1, null, null, List.of(leg), created, null, ended,
                state == CallState.ENDED ? Outcome.COMPLETED : null, null);
    }

    private List<String> ids(String select) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }
}
