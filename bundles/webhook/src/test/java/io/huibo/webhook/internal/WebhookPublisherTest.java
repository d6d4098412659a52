package io.huibo.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.Call;
import io.huibo.api.CallEvents;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.Direction;
import io.huibo.api.HangupBy;
import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;
import io.huibo.binding.internal.BindingManager;
import io.huibo.store.internal.JdbcBindingStore;
import io.huibo.store.internal.JdbcTenantService;
import io.huibo.store.internal.JdbcWebhookOutbox;
import io.huibo.store.internal.KeyedRecordVault;
import io.huibo.store.internal.SecurityConfig;
import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/**
 * Webhooks end to end below OSGi: the real store on a real database (Derby, and PostgreSQL in the
 * postgresql run), the real binding service, and
 * real HTTP receivers on loopback that accept, fail, dawdle or are not there at all.
 */
@DatabaseTest
class WebhookPublisherTest {
    private static final KeyedRecordVault VAULT = new KeyedRecordVault(new byte[32]);
    private static final PhoneNumber A = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber B = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber C = PhoneNumber.ofE164("+8613700137000");
    private static final PhoneNumber X = PhoneNumber.ofE164("+8657188880001");
    private static final PhoneNumber X2 = PhoneNumber.ofE164("+8657188880002");
    private static final List<String> A_CALLBACK = List.of("call.created", "call.ringing/from", "call.answered/from",
            "call.ringing/to", "call.answered/to", "call.bridged", "call.ended");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final DataSource dataSource = TestDatabase.create();
    private final JdbcTenantService tenants = tenants(dataSource);
    private final JdbcBindingStore bindingStore = bindingStore(dataSource);
    private final JdbcWebhookOutbox outbox = outbox(dataSource);
    private final List<WebhookPublisher> running = new ArrayList<>();
    private final List<Receiver> receivers = new ArrayList<>();
    private WebhookPublisher webhooks;
    private final BindingManager bindings = new BindingManager(bindingStore, new EventAdmin() {
        @Override
        public void postEvent(Event event) {
            webhooks.handleEvent(event);
        }

        @Override
        public void sendEvent(Event event) {
            webhooks.handleEvent(event);
        }
    });

    @AfterEach
    void stop() {
        running.forEach(WebhookPublisher::deactivate);
        receivers.forEach(Receiver::close);
    }

    @Test
    void aCallsEventsArriveOnceEachInOrderSignedWithTheTenantsSecret() throws Exception {
        Receiver receiver = receiver(Receiver.accepting());
        String secret = tenants.createTenant("t1", "T1", "CN", receiver.url()).secret();
        start(Settings.quick(), Clock.systemUTC());

        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Call> snapshots = callback("c_1", "t1", null, t0);
        for (int i = 0; i < snapshots.size(); i++) {
            announce(snapshots.get(i), i + 1);
        }
        announce(snapshots.get(1), 2); // a snapshot twice queues nothing twice

        List<Receiver.Request> got = deliveredEvents(receiver);
        assertEquals(A_CALLBACK, types(got), "each event once, the snapshot given twice queued nothing more");
        for (int i = 0; i < got.size(); i++) {
            Receiver.Request request = got.get(i);
            assertEquals(i + 1, request.json().get("sequence").getAsInt());
            assertEquals(request.eventId(), request.json().get("id").getAsString());
            assertEquals(hmac(secret, request.body()), request.signature(), "signed with the tenant's webhook secret");
            assertEquals("c_1", request.json().getAsJsonObject("data").get("id").getAsString());
            assertEquals("+86138****8000", request.json().getAsJsonObject("data").get("from").getAsString());
            assertFalse(request.body().contains(A.e164()) || request.body().contains(B.e164()), "numbers masked");
        }
    }

    @Test
    void snapshotsInAnyOrderYieldTheSameEventsInTheOrderTheyHappened() throws Exception {
        Receiver receiver = receiver(Receiver.accepting());
        tenants.createTenant("t1", "T1", "CN", null);
        start(Settings.quick(), Clock.systemUTC());

        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Call> first = callback("c_1", "t1", receiver.url(), t0);
        List<Call> second = callback("c_2", "t1", receiver.url(), t0.plusMillis(3));
        // the engine's events reach handlers on several threads: the end may come first
        for (int i = first.size() - 1; i >= 0; i--) {
            announce(first.get(i), i + 1);
            announce(second.get(first.size() - 1 - i), first.size() - i);
        }

        List<Receiver.Request> got = deliveredEvents(receiver);
        assertEquals(A_CALLBACK, types(of(got, "c_1")));
        assertEquals(A_CALLBACK, types(of(got, "c_2")));
    }

    @Test
    void aReceiverThatFailsForAWhileGetsEveryEventUnderItsFirstIdOnceItRecovers() throws Exception {
        Receiver receiver = receiver(Receiver.start((request, n) -> n <= 5 ? 500 : 200));
        tenants.createTenant("t1", "T1", "CN", receiver.url());
        // requests are counted: a timeout long enough that no slow reply on a busy machine is sent again
        start(new Settings(50, 200, 10, 1), Clock.systemUTC());

        List<Call> snapshots = callback("c_1", "t1", null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        for (int i = 0; i < snapshots.size(); i++) {
            announce(snapshots.get(i), i + 1);
        }

        List<Receiver.Request> got = receiver.awaitAccepted(A_CALLBACK.size(), WAIT);
        assertEquals(A_CALLBACK, types(got));
        Map<String, String> bodies = new HashMap<>();
        got.forEach(request -> bodies.put(request.eventId(), request.body()));
        for (Receiver.Request request : receiver.received()) {
            assertEquals(bodies.get(request.eventId()), request.body(), "a retry is the same event, id and body");
        }
        assertEquals(5 + A_CALLBACK.size(), receiver.received().size());
        assertEquals(List.of(got.get(0).eventId()), receiver.received().subList(0, 5).stream()
                .map(Receiver.Request::eventId).distinct().toList(), "nothing of the call went past its failing first event");
    }

    @Test
    void aReceiverTooSlowToAnswerIsTriedAgain() throws Exception {
        Receiver receiver = receiver(Receiver.start((request, n) -> {
            if (n == 1) {
                Thread.sleep(2500);
            }
            return 200;
        }));
        tenants.createTenant("t1", "T1", "CN", receiver.url());
        start(new Settings(50, 200, 1, 1), Clock.systemUTC());

        List<Call> snapshots = callback("c_1", "t1", null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        announce(snapshots.get(snapshots.size() - 1), snapshots.size());

        List<Receiver.Request> events = deliveredEvents(receiver);
        List<Receiver.Request> received = receiver.received();
        assertEquals(received.get(0).eventId(), received.get(1).eventId(), "the first event went again after the timeout");
        assertEquals(A_CALLBACK, types(events));
    }

    @Test
    void anEventUndeliveredFor24HoursIsGivenUpKeptAndTheNextOneGoes() throws Exception {
        Receiver receiver = receiver(Receiver.start((request, n) -> request.json().get("type").getAsString()
                .equals("call.created") ? 500 : 200));
        tenants.createTenant("t1", "T1", "CN", receiver.url());
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MutableClock clock = new MutableClock(t0);
        start(Settings.quick(), clock);

        announce(new Call("c_1", "t1", CallKind.CALLBACK, null, CallState.ENDED, A, B, X, null, null, List.of(), t0, null, t0,
                Outcome.FAILED, HangupBy.SYSTEM), 1);
        awaitReceived(receiver, 1);
        Thread.sleep(500);
        assertEquals(1, receiver.received().size(), "the clock stands: the retry waits, and call.ended behind it");

        clock.advance(Duration.ofHours(23));
        awaitReceived(receiver, 2);
        Thread.sleep(500);
        assertTrue(receiver.awaitAccepted(1, Duration.ZERO).isEmpty(), "within 24 h, call.ended still waits");

        clock.advance(Duration.ofHours(1));
        List<Receiver.Request> got = receiver.awaitAccepted(1, WAIT);
        assertEquals(List.of("call.ended"), types(got));
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT attempts, failed_at, delivered_at, last_error, next_attempt_at FROM huibo_webhook_outbox WHERE event_type = 'call.created'")) {
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next(), "a given-up event is kept");
                assertEquals(3, rs.getInt(1));
                assertEquals(t0.plus(Duration.ofHours(24)).toEpochMilli(), rs.getLong(2));
                assertEquals(0, rs.getLong(3));
                assertTrue(rs.wasNull(), "never delivered");
                assertEquals("HTTP 500", rs.getString(4));
                rs.getLong(5);
                assertTrue(rs.wasNull(), "no attempt any more");
            }
        }
    }

    @Test
    void eventsQueuedWhileTheReceiverIsDownArriveAfterARestart() throws Exception {
        int port = freePort();
        tenants.createTenant("t1", "T1", "CN", "http://127.0.0.1:" + port + "/hooks");
        start(Settings.quick(), Clock.systemUTC());
        List<Call> snapshots = callback("c_1", "t1", null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        for (int i = 0; i < snapshots.size(); i++) {
            announce(snapshots.get(i), i + 1);
        }
        Thread.sleep(500); // a few refused connections
        running.remove(webhooks);
        webhooks.deactivate();
        assertEquals(A_CALLBACK.size(), undelivered(), "all stored, none delivered");

        Receiver receiver = receiver(Receiver.start(port, (request, n) -> 200));
        start(Settings.quick(), Clock.systemUTC());
        assertEquals(A_CALLBACK, types(deliveredEvents(receiver)));
    }

    @Test
    void bindingsAnnounceCreationExpiryOnceAndDeletionWithoutExpiry() throws Exception {
        Receiver receiver = receiver(Receiver.accepting());
        tenants.updateTenant(Tenant.DEFAULT, null, receiver.url());
        start(Settings.quick(), Clock.systemUTC());

        Binding expiring = bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXB, A, B, 1, "0571", Direction.BOTH,
                "order-1", X));
        Binding deleted = bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXB, A, C, 2, "0571", Direction.BOTH,
                "order-2", X2));
        assertTrue(bindings.delete(deleted.id()));

        List<Receiver.Request> got = receiver.awaitAccepted(4, WAIT);
        Thread.sleep(3500); // past the second binding's expiry, and a few scans more
        got = deduplicated(receiver.awaitAccepted(5, Duration.ZERO));
        assertEquals(List.of("binding.created", "binding.expired"), types(of(got, expiring.id())));
        assertEquals(List.of("binding.created", "binding.deleted"), types(of(got, deleted.id())));
        Receiver.Request expiry = of(got, expiring.id()).get(1);
        assertEquals("expired", expiry.json().getAsJsonObject("data").get("state").getAsString());
        assertEquals("+86139****9000", expiry.json().getAsJsonObject("data").get("b").getAsString());
        assertEquals(4, got.size());
    }

    @Test
    void aTenantWithoutAUrlHasNothingQueuedForItsBindingsUntilItSetsOne() throws Exception {
        start(Settings.quick(), Clock.systemUTC());
        Binding before = bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXB, A, B, 60, "0571", Direction.BOTH,
                "order-1", X));
        assertTrue(bindings.delete(before.id()));
        assertEquals(0, undelivered(), "no URL, no event");

        Receiver receiver = receiver(Receiver.accepting());
        tenants.updateTenant(Tenant.DEFAULT, null, receiver.url());
        Binding after = bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXB, A, C, 60, "0571", Direction.BOTH,
                "order-2", X));
        List<Receiver.Request> got = deduplicated(receiver.awaitAccepted(1, WAIT));
        assertEquals(List.of("binding.created"), types(got));
        assertEquals(after.id(), got.get(0).json().getAsJsonObject("data").get("id").getAsString());
    }

    @Test
    void eventsToAnAddressTheOperatorDoesNotAllowAreGivenUpUnsentAndTheCallsNextOnesToo() throws Exception {
        Receiver receiver = receiver(Receiver.accepting());
        tenants.createTenant("t1", "T1", "CN", receiver.url()); // stored as it is: the sender checks again
        start(new Settings(50, 200, 2, 1, ""), Clock.systemUTC());
        List<Call> snapshots = callback("c_1", "t1", null, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        for (int i = 0; i < snapshots.size(); i++) {
            announce(snapshots.get(i), i + 1);
        }

        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (settled("failed_at") < A_CALLBACK.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(A_CALLBACK.size(), settled("failed_at"), "each event given up at its first attempt");
        assertEquals(0, receiver.received().size(), "nothing was sent to loopback");
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT DISTINCT attempts, last_error FROM huibo_webhook_outbox")) {
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "no retry");
                assertTrue(rs.getString(2).startsWith("its URL points to a loopback address"), rs.getString(2));
                assertFalse(rs.next());
            }
        }
    }

    private int settled(String column) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*) FROM huibo_webhook_outbox WHERE " + column + " IS NOT NULL")) {
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private WebhookPublisher start(WebhookConfig config, Clock clock) {
        webhooks = new WebhookPublisher(outbox, outbox, tenants, bindings, new UrlPolicy(config), config, clock);
        running.add(webhooks);
        return webhooks;
    }

    private Receiver receiver(Receiver receiver) {
        receivers.add(receiver);
        return receiver;
    }

    /** As the engine posts a change of a call. */
    private void announce(Call call, long sequence) {
        webhooks.handleEvent(new Event(CallEvents.topic(call.state()), Map.of(CallEvents.CALL_ID, call.id(),
                CallEvents.STATE, call.state().wireName(), CallEvents.SEQUENCE, sequence, CallEvents.CALL, call)));
    }

    /** The snapshots the engine posts for a completed callback: from rings and answers, then to; bridge; end. */
    private static List<Call> callback(String id, String tenant, String url, Instant t0) {
        Instant t = t0;
        Leg fromInvited = new Leg(Party.FROM, LegState.INVITED, t, null, null, null, null);
        Leg fromRinging = new Leg(Party.FROM, LegState.RINGING, t, t.plusMillis(10), null, null, null);
        Leg fromAnswered = new Leg(Party.FROM, LegState.ANSWERED, t, t.plusMillis(10), t.plusMillis(20), null, 200);
        Leg toRinging = new Leg(Party.TO, LegState.RINGING, t.plusMillis(20), t.plusMillis(30), null, null, null);
        Leg toAnswered = new Leg(Party.TO, LegState.ANSWERED, t.plusMillis(20), t.plusMillis(30), t.plusMillis(40), null, 200);
        Leg fromEnded = new Leg(Party.FROM, LegState.ENDED, t, t.plusMillis(10), t.plusMillis(20), t.plusMillis(50), 200);
        Leg toEnded = new Leg(Party.TO, LegState.ENDED, t.plusMillis(20), t.plusMillis(30), t.plusMillis(40), t.plusMillis(50), 200);
        return List.of(
                call(id, tenant, url, CallState.CALLING_FROM, List.of(fromInvited), t0, null, null),
                call(id, tenant, url, CallState.CALLING_FROM, List.of(fromRinging), t0, null, null),
                call(id, tenant, url, CallState.CALLING_TO, List.of(fromAnswered), t0, null, null),
                call(id, tenant, url, CallState.CALLING_TO, List.of(fromAnswered, toRinging), t0, null, null),
                call(id, tenant, url, CallState.BRIDGED, List.of(fromAnswered, toAnswered), t0, t.plusMillis(40), null),
                call(id, tenant, url, CallState.ENDED, List.of(fromEnded, toEnded), t0, t.plusMillis(40), t.plusMillis(50)));
    }

    private static Call call(String id, String tenant, String url, CallState state, List<Leg> legs, Instant created,
            Instant bridged, Instant ended) {
        return new Call(id, tenant, CallKind.CALLBACK, null, state, A, B, X, "booking-42", url, legs, created, bridged, ended,
                ended == null ? null : Outcome.COMPLETED, ended == null ? null : HangupBy.TO);
    }

    /** Each request's type, with its party for a leg's event: {@code call.ringing/from}. */
    private static List<String> types(List<Receiver.Request> requests) {
        return requests.stream().map(r -> r.json().get("type").getAsString()
                + (r.json().has("party") ? "/" + r.json().get("party").getAsString() : "")).toList();
    }

    private static List<Receiver.Request> of(List<Receiver.Request> requests, String subject) {
        return requests.stream().filter(r -> r.json().getAsJsonObject("data").get("id").getAsString().equals(subject)).toList();
    }

    /** What a receiver keeps when it drops what it saw before, by X-Huibo-Event-Id. */
    private static List<Receiver.Request> deduplicated(List<Receiver.Request> requests) {
        LinkedHashSet<String> seen = new LinkedHashSet<>();
        return requests.stream().filter(r -> seen.add(r.eventId())).toList();
    }

    /**
     * Each event the receiver got, once, in the order they first came, once the outbox records all delivered: a
     * reply slower than the request timeout is rightly sent again, under the same X-Huibo-Event-Id.
     */
    private List<Receiver.Request> deliveredEvents(Receiver receiver) throws Exception {
        awaitAllDelivered();
        return deduplicated(receiver.received());
    }

    private static void awaitReceived(Receiver receiver, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (receiver.received().size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(receiver.received().size() >= count, "the receiver got " + count + " requests");
    }

    private void awaitAllDelivered() throws Exception {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (undelivered() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, undelivered(), "every event recorded as delivered");
    }

    private int undelivered() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*) FROM huibo_webhook_outbox WHERE delivered_at IS NULL")) {
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The real tenant service; it also brings the schema up to date. */
    private static JdbcTenantService tenants(DataSource dataSource) {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String masterKey = Base64.getEncoder().encodeToString(key);
        try {
            return new JdbcTenantService(dataSource, new SecurityConfig() {
                @Override
                public String masterKey() {
                    return masterKey;
                }

                @Override
                public int keyCacheSize() {
                    return 100;
                }

                @Override
                public Class<? extends Annotation> annotationType() {
                    return SecurityConfig.class;
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JdbcBindingStore bindingStore(DataSource dataSource) {
        try {
            JdbcBindingStore store = new JdbcBindingStore(dataSource, VAULT);
            Instant added = Instant.parse("2026-01-01T00:00:00Z");
            store.addNumber(new PoolNumber(X, Tenant.DEFAULT, "0571", "s1", added));
            store.addNumber(new PoolNumber(X2, Tenant.DEFAULT, "0571", "s1", added));
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JdbcWebhookOutbox outbox(DataSource dataSource) {
        try {
            return new JdbcWebhookOutbox(dataSource, VAULT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
