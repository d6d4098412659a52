package io.huibo.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.Direction;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;
import io.huibo.api.spi.OutboxEvent;
import io.huibo.api.spi.WebhookOutbox.Batch;
import io.huibo.api.spi.WebhookOutbox.NewEvent;
import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** The webhook outbox and the expiry mark, against a real database: Derby on disk, and PostgreSQL in the postgresql run. */
@DatabaseTest
class JdbcWebhookOutboxTest {
    private static final KeyedRecordVault VAULT = new KeyedRecordVault(new byte[32]);
    private static final String URL = "https://hooks.example.com/huibo";
    private final Instant now = Instant.parse("2025-06-01T10:00:00Z");
    private final DataSource dataSource = TestDatabase.create();
    private final JdbcWebhookOutbox outbox = outbox();

    private JdbcWebhookOutbox outbox() {
        try {
            return new JdbcWebhookOutbox(dataSource, VAULT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static NewEvent event(String subjectId, String type) {
        return new NewEvent(type, subjectId + "/" + type, (id, sequence) -> "{\"id\":\"" + id + "\",\"sequence\":" + sequence
                + ",\"type\":\"" + type + "\",\"to\":\"+8613900139000\"}");
    }

    private Batch batch(String subjectId, Instant at, String... types) {
        return new Batch("t1", subjectId, URL, List.of(types).stream().map(type -> event(subjectId, type)).toList(), at);
    }

    @Test
    void eventsAreNumberedPerCallInTheOrderQueuedAndQueuedOnceEach() throws Exception {
        assertEquals(2, outbox.enqueue(batch("c_1", now, "call.created", "call.ringing")));
        assertEquals(1, outbox.enqueue(batch("c_1", now.plusMillis(5), "call.created", "call.ringing", "call.ended")),
                "a later snapshot queues only what is new");
        assertEquals(1, outbox.enqueue(batch("c_2", now.plusMillis(6), "call.created")));

        List<OutboxEvent> due = outbox.due(now.plusSeconds(1), 10);
        assertEquals(List.of("c_1:1:call.created", "c_2:1:call.created"),
                due.stream().map(e -> e.orderingKey() + ":" + e.sequence() + ":" + e.type()).toList(),
                "only the earliest undelivered event of each call is due");
        OutboxEvent first = due.get(0);
        assertEquals("{\"id\":\"" + first.id() + "\",\"sequence\":1,\"type\":\"call.created\",\"to\":\"+8613900139000\"}", first.body(),
                "the body is rendered with the event's own id and place");
        assertEquals(URL, first.url());
        assertEquals(0, first.attempts());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT body FROM huibo_webhook_outbox")) {
            while (rs.next()) {
                assertFalse(rs.getString(1).contains("+8613900139000"), "bodies are sealed at rest");
            }
        }
    }

    @Test
    void aCallsNextEventIsDueOnlyOnceTheOneBeforeIsSettled() {
        outbox.enqueue(batch("c_1", now, "call.created", "call.ringing", "call.ended"));
        OutboxEvent created = outbox.due(now, 10).get(0);

        outbox.retryAt(created, now.plusSeconds(30), "HTTP 500");
        assertTrue(outbox.due(now.plusSeconds(29), 10).isEmpty(), "the retried event waits, and the call's next with it");
        OutboxEvent retried = outbox.due(now.plusSeconds(30), 10).get(0);
        assertEquals(created.id(), retried.id());
        assertEquals(1, retried.attempts());

        outbox.delivered(retried, now.plusSeconds(31));
        OutboxEvent ringing = outbox.due(now.plusSeconds(31), 10).get(0);
        assertEquals("call.ringing", ringing.type());

        outbox.failed(ringing, now.plusSeconds(32), "refused: a private address");
        assertEquals("call.ended", outbox.due(now.plusSeconds(32), 10).get(0).type(), "a given-up event lets the next go");
    }

    @Test
    void theMostOverdueComeFirstUpToTheLimit() {
        outbox.enqueue(batch("c_2", now.plusMillis(10), "call.created"));
        outbox.enqueue(batch("c_1", now, "call.created"));
        outbox.enqueue(batch("c_3", now.plusMillis(20), "call.created"));
        assertEquals(List.of("c_1", "c_2"), outbox.due(now.plusSeconds(1), 2).stream().map(OutboxEvent::orderingKey).toList());
    }

    @Test
    void anExpiryIsMarkedAndAnnouncedOnceInOneStep() throws Exception {
        JdbcBindingStore bindings = new JdbcBindingStore(dataSource, VAULT);
        Binding binding = expiringBinding(bindings);
        Instant later = binding.expiresAt().plusSeconds(1);

        assertEquals(List.of(binding.id()), outbox.unmarked(later, binding.expiresAt().minusSeconds(1)));
        assertTrue(outbox.unmarked(later, binding.expiresAt()).isEmpty(), "expiries older than the window are left");
        assertTrue(outbox.mark(binding.id(), batch(binding.id(), later, "binding.expired")));

        assertFalse(outbox.mark(binding.id(), batch(binding.id(), later.plusSeconds(1), "binding.expired")), "marked once");
        assertTrue(outbox.unmarked(later.plusSeconds(1), binding.expiresAt().minusSeconds(1)).isEmpty());
        assertEquals(List.of("binding.expired"), outbox.due(later, 10).stream().map(OutboxEvent::type).toList());
        assertEquals(1, count("SELECT COUNT(*) FROM huibo_webhook_outbox"));
    }

    @Test
    void anExpiryIsMarkedWithNothingToAnnounceAndNotForADeletedBinding() throws Exception {
        JdbcBindingStore bindings = new JdbcBindingStore(dataSource, VAULT);
        Binding announced = expiringBinding(bindings);
        Instant later = announced.expiresAt().plusSeconds(1);
        assertTrue(outbox.mark(announced.id(), new Batch("t1", announced.id(), null, List.of(), later)),
                "a tenant without a URL has its expiries marked, with no event");
        assertEquals(0, count("SELECT COUNT(*) FROM huibo_webhook_outbox"));

        bindings.addNumber(new PoolNumber(JdbcBindingStoreTest.X2, Tenant.DEFAULT, "0571", "s1", now));
        Binding deleted = bindings.allocate("b_deleted", request(), now);
        assertTrue(bindings.delete(deleted.id(), now.plusSeconds(1)));
        assertFalse(outbox.mark(deleted.id(), batch(deleted.id(), later, "binding.expired")), "a deleted binding had its own event");
        assertEquals(0, count("SELECT COUNT(*) FROM huibo_webhook_outbox"), "nothing queued when the mark is refused");
    }

    private Binding expiringBinding(JdbcBindingStore bindings) {
        bindings.addNumber(new PoolNumber(JdbcBindingStoreTest.X1, Tenant.DEFAULT, "0571", "s1", now));
        return bindings.allocate("b_1", request(), now);
    }

    private static BindingRequest request() {
        return new BindingRequest(Tenant.DEFAULT, BindingMode.AXN, JdbcBindingStoreTest.A, null, 60, "0571", Direction.BOTH,
                "order-1", null);
    }

    private int count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
