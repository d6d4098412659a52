package io.huibo.adapter.restaurant.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.Binding;
import io.huibo.api.CallbackRejectedException;
import io.huibo.api.CallbackRequest;
import io.huibo.api.PhoneNumber;
import io.huibo.api.PoolNumber;
import io.huibo.api.Tenant;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.adapter.AdapterRequest;
import io.huibo.api.adapter.AdapterResponse;
import io.huibo.api.adapter.Endpoint;
import io.huibo.api.adapter.RequestSignatures;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.binding.internal.BindingManager;
import io.huibo.store.internal.JdbcBindingStore;
import io.huibo.store.internal.JdbcEventLedger;
import io.huibo.store.internal.JdbcScheduledActionStore;
import io.huibo.store.internal.KeyedRecordVault;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** Queue, reservation and delivery events mapped onto the real bindings, scheduler and event ledger on a real database, with the engine as a double. */
@DatabaseTest
class RestaurantAdapterTest {
    private static final String SECRET = "restaurant-shared-secret";
    private static final PhoneNumber HOST = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber GUEST = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber RIDER = PhoneNumber.ofE164("+8613700137000");
    private static final PhoneNumber RIDER_2 = PhoneNumber.ofE164("+8613600136000");
    private static final PhoneNumber DISPLAY = PhoneNumber.ofE164("+8657188880000");

    private final DataSource dataSource = TestDatabase.create();
    private final BindingManager bindings = new BindingManager(bindingStore(), new NoEvents());
    private final JdbcScheduledActionStore scheduler = store(ds -> new JdbcScheduledActionStore(ds, new KeyedRecordVault(new byte[32])));
    private final JdbcEventLedger ledger = store(ds -> new JdbcEventLedger(ds, new KeyedRecordVault(new byte[32])));
    private final Doubles.Callbacks callbacks = new Doubles.Callbacks();
    private final Doubles.Roster roster = new Doubles.Roster();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final RestaurantAdapter adapter = adapter(Map.of());

    @Test
    void aTableReadyTicketCallsTheHostStandThenTheGuestAtOnce() throws Exception {
        roster.put(Tenant.DEFAULT, "r-1", "host", HOST);

        AdapterResponse response = send("queue/ready", ready("q1", "A-17"));

        assertEquals(201, response.status());
        assertEquals("c_1", json(response).get("callId").getAsString());
        CallbackRequest call = callbacks.placed.get(0);
        assertEquals(HOST, call.from());
        assertEquals(GUEST, call.to());
        assertEquals(DISPLAY, call.display());
        assertEquals("restaurant-table-ready:A-17", call.userData());
    }

    @Test
    void aResentTableReadyNeverPlacesASecondCall() throws Exception {
        roster.put(Tenant.DEFAULT, "r-1", "host", HOST);
        send("queue/ready", ready("q1", "A-17"));

        AdapterResponse again = send("queue/ready", ready("q1", "A-17"));

        assertEquals(200, again.status());
        assertTrue(json(again).get("duplicate").getAsBoolean());
        assertEquals(1, callbacks.placed.size());
    }

    @Test
    void aTableReadyCallTheEngineRefusesIsAnsweredAsTheApiWouldAndMayBeRetried() throws Exception {
        roster.put(Tenant.DEFAULT, "r-1", "host", HOST);
        callbacks.refusal = new CallbackRejectedException(CallbackRejectedException.Reason.OVERLOADED, "busy");

        AdapterException refused = assertThrows(AdapterException.class, () -> send("queue/ready", ready("q1", "A-17")));
        assertEquals(503, refused.status());
        assertEquals("OVERLOADED", refused.code());

        callbacks.refusal = null;
        assertEquals(201, send("queue/ready", ready("q1", "A-17")).status(), "the retry is acted on");
        assertEquals(1, callbacks.placed.size());
    }

    @Test
    void withNoHostOnDutyOrConfiguredTheTicketIsRefused409() {
        AdapterException refused = assertThrows(AdapterException.class, () -> send("queue/ready", ready("q1", "A-17")));
        assertEquals(409, refused.status());
        assertEquals("NO_STAFF_ON_DUTY", refused.code());
    }

    @Test
    void theConfiguredHostAnswersWhenTheRosterNamesNoOne() throws Exception {
        RestaurantAdapter withHost = adapter(Map.of("host", HOST.e164()));
        endpoint(withHost, "queue/ready").handler().handle(request("queue/ready", ready("q1", "A-17"), SECRET));
        assertEquals(HOST, callbacks.placed.get(0).from());
    }

    @Test
    void aReservationIsConfirmedTheLeadTimeBeforeAndAtOnceWhenSooner() throws Exception {
        Instant tonight = now.plus(Duration.ofHours(5));
        Instant soon = now.plus(Duration.ofMinutes(30));

        JsonObject later = json(send("reservations/events", reservation("r1", "R-1", tonight)));
        send("reservations/events", reservation("r2", "R-2", soon));

        assertEquals(tonight.minus(Duration.ofHours(2)).toString(), later.get("confirmationAt").getAsString());
        assertEquals(tonight.minus(Duration.ofHours(2)), scheduler.find("restaurant", "confirm:R-1").orElseThrow().dueAt());
        Instant dueSoon = scheduler.find("restaurant", "confirm:R-2").orElseThrow().dueAt();
        assertFalse(dueSoon.isBefore(now));
        assertTrue(dueSoon.isBefore(now.plusSeconds(5)));
        assertTrue(callbacks.placed.isEmpty(), "the scheduler places it, not the request");
    }

    @Test
    void aDueConfirmationCallsTheHostThenTheGuest() throws Exception {
        roster.put(Tenant.DEFAULT, "r-1", "host", HOST);
        send("reservations/events", reservation("r1", "R-1", now.plus(Duration.ofMinutes(30))));

        adapter.run(scheduler.find("restaurant", "confirm:R-1").orElseThrow());

        CallbackRequest call = callbacks.placed.get(0);
        assertEquals(HOST, call.from());
        assertEquals(GUEST, call.to());
        assertEquals("restaurant-confirm:R-1", call.userData());
    }

    @Test
    void aReservationCreatedAgainIsMovedAndACancelledOneIsNotCalled() throws Exception {
        send("reservations/events", reservation("r1", "R-1", now.plus(Duration.ofHours(5))));
        send("reservations/events", reservation("r2", "R-1", now.plus(Duration.ofHours(6))));
        assertEquals(now.plus(Duration.ofHours(4)), scheduler.find("restaurant", "confirm:R-1").orElseThrow().dueAt());

        JsonObject cancelled = json(send("reservations/events", cancelled("r3", "R-1")));
        JsonObject unknown = json(send("reservations/events", cancelled("r4", "nobody")));

        assertTrue(cancelled.get("confirmationCancelled").getAsBoolean());
        assertFalse(unknown.get("confirmationCancelled").getAsBoolean(), "an unknown reservation is answered 200 all the same");
        assertTrue(scheduler.pending("restaurant").isEmpty());
    }

    @Test
    void aResentReservationNeverPlacesASecondCall() throws Exception {
        roster.put(Tenant.DEFAULT, "r-1", "host", HOST);
        String body = reservation("r1", "R-1", now.plus(Duration.ofMinutes(30)));
        send("reservations/events", body);
        ScheduledAction due = scheduler.find("restaurant", "confirm:R-1").orElseThrow();
        adapter.run(due);
        scheduler.cancel("restaurant", "confirm:R-1"); // the core drops an action once run

        assertTrue(json(send("reservations/events", body)).get("duplicate").getAsBoolean());

        assertTrue(scheduler.pending("restaurant").isEmpty());
        assertEquals(1, callbacks.placed.size());
    }

    @Test
    void aDispatchBindsRiderAndCustomerForTheOrderAndItsCloseEndsTheBindingAtOnce() throws Exception {
        JsonObject dispatched = json(send("deliveries/events", dispatched("d1", "O-9", RIDER)));

        Binding binding = bindings.findByOrder(Tenant.DEFAULT, "O-9").get(0);
        assertEquals(binding.id(), dispatched.get("bindingId").getAsString());
        assertEquals(RIDER, binding.a());
        assertEquals(GUEST, binding.b());
        assertTrue(Math.abs(Duration.between(now.plusSeconds(3600), binding.expiresAt()).toSeconds()) <= 2,
                "the configured time to live is the safety net");

        JsonObject closed = json(send("deliveries/events", closed("d2", "O-9")));

        assertEquals(1, closed.get("bindingsDeleted").getAsInt());
        assertFalse(bindings.find(binding.id()).orElseThrow().isActive(Instant.now()));
        assertEquals(0, json(send("deliveries/events", closed("d3", "O-9"))).get("bindingsDeleted").getAsInt(),
                "closing again, or an unknown order, is answered 200 and changes nothing");
    }

    @Test
    void aRedispatchToAnotherRiderEndsTheFirstRidersBinding() throws Exception {
        String first = json(send("deliveries/events", dispatched("d1", "O-9", RIDER))).get("bindingId").getAsString();
        String same = json(send("deliveries/events", dispatched("d2", "O-9", RIDER))).get("bindingId").getAsString();
        String second = json(send("deliveries/events", dispatched("d3", "O-9", RIDER_2))).get("bindingId").getAsString();

        assertEquals(first, same, "the same rider keeps the binding");
        assertFalse(bindings.find(first).orElseThrow().isActive(Instant.now()));
        assertEquals(RIDER_2, bindings.find(second).orElseThrow().a());
        assertTrue(bindings.find(second).orElseThrow().isActive(Instant.now()));
    }

    @Test
    void aResentDispatchMakesNoSecondBinding() throws Exception {
        String body = dispatched("d1", "O-9", RIDER);
        send("deliveries/events", body);
        send("deliveries/events", closed("d2", "O-9"));

        assertTrue(json(send("deliveries/events", body)).get("duplicate").getAsBoolean());

        List<Binding> all = bindings.findByOrder(Tenant.DEFAULT, "O-9");
        assertEquals(1, all.size());
        assertFalse(all.get(0).isActive(Instant.now()), "the closed order stays closed");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "queue/ready | {\"eventId\": \"x1\", \"ticket\": \"A-1\"}",
        "queue/ready | {\"eventId\": \"x1\", \"ticket\": \"A-1\", \"guestPhone\": \"not a number\"}",
        "queue/ready | {\"eventId\": \"x1\", \"ticket\": {\"no\": 1}, \"guestPhone\": \"13900139000\"}",
        "queue/ready | {eventId",
        "reservations/events | {\"eventId\": \"x1\", \"type\": \"reservation.moved\", \"reservationId\": \"R-1\"}",
        "reservations/events | {\"eventId\": \"x1\", \"type\": \"reservation.created\", \"reservationId\": \"R-1\", \"guestPhone\": \"13900139000\"}",
        "reservations/events | {\"eventId\": \"x1\", \"type\": \"reservation.created\", \"reservationId\": \"R-1\", \"guestPhone\": \"13900139000\", \"at\": \"2001-01-01T19:00:00+08:00\"}",
        "deliveries/events | {\"eventId\": \"x1\", \"type\": \"order.dispatched\", \"orderId\": \"O-1\", \"riderPhone\": \"13700137000\"}",
        "deliveries/events | {\"eventId\": \"x1\", \"type\": \"order.dispatched\", \"orderId\": \"O-1\", \"riderPhone\": \"13700137000\", \"customerPhone\": \"+86 1\"}",
        "deliveries/events | {\"type\": \"order.closed\", \"orderId\": \"O-1\"}"})
    void aBadEventIsRefused400AndChangesNothing(String path, String body) {
        roster.put(Tenant.DEFAULT, "r-1", "host", HOST);

        AdapterException refused = assertThrows(AdapterException.class, () -> send(path, body));

        assertEquals(400, refused.status());
        assertTrue(refused.code().equals("INVALID_REQUEST") || refused.code().equals("INVALID_NUMBER"), refused.code());
        assertTrue(callbacks.placed.isEmpty());
        assertTrue(scheduler.pending("restaurant").isEmpty());
        assertTrue(bindings.findByOrder(Tenant.DEFAULT, "O-1").isEmpty());
        assertTrue(ledger.firstTime("restaurant", "x1"), "a refused event is not remembered as seen");
    }

    @Test
    void onlyBodiesSignedWithTheSharedSecretGetIn() {
        String body = closed("d1", "O-9");
        for (Endpoint endpoint : adapter.endpoints()) {
            assertTrue(endpoint.auth().accepts(request(endpoint.path(), body, SECRET)));
            assertFalse(endpoint.auth().accepts(request(endpoint.path(), body, "another secret")));
        }
    }

    private RestaurantAdapter adapter(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("tenant", Tenant.DEFAULT, "store", "r-1", "secret", SECRET,
                "display", DISPLAY.e164(), "deliveryTtlSeconds", 3600));
        values.putAll(overrides);
        return new RestaurantAdapter(callbacks, bindings, scheduler, ledger, roster,
                Doubles.config(RestaurantConfiguration.class, values), Clock.systemUTC());
    }

    private AdapterResponse send(String path, String body) throws AdapterException {
        return endpoint(adapter, path).handler().handle(request(path, body, SECRET));
    }

    private static Endpoint endpoint(RestaurantAdapter adapter, String path) {
        return adapter.endpoints().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }

    private static JsonObject json(AdapterResponse response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static String ready(String eventId, String ticket) {
        return "{\"eventId\": \"" + eventId + "\", \"ticket\": \"" + ticket + "\", \"guestPhone\": \"13900139000\"}";
    }

    private static String reservation(String eventId, String reservationId, Instant at) {
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"reservation.created\", \"reservationId\": \"" + reservationId
                + "\", \"guestPhone\": \"13900139000\", \"at\": \"" + at + "\"}";
    }

    private static String cancelled(String eventId, String reservationId) {
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"reservation.cancelled\", \"reservationId\": \"" + reservationId + "\"}";
    }

    private static String dispatched(String eventId, String orderId, PhoneNumber rider) {
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"order.dispatched\", \"orderId\": \"" + orderId
                + "\", \"riderPhone\": \"" + rider.e164() + "\", \"customerPhone\": \"13900139000\"}";
    }

    private static String closed(String eventId, String orderId) {
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"order.closed\", \"orderId\": \"" + orderId + "\"}";
    }

    /** Signed as the POS signs it, with the header names in lower case as the servlet hands them on. */
    private static AdapterRequest request(String path, String body, String secret) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String target = "/adapters/restaurant/" + path;
        Map<String, String> headers = new HashMap<>();
        new RequestSignatures("X-Restaurant", secret).sign("POST", target, bytes, Instant.now().getEpochSecond(),
                UUID.randomUUID().toString()).forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        return new AdapterRequest("POST", path, Map.of(), headers, bytes, target);
    }

    private interface StoreOn<T> {
        T open(DataSource dataSource) throws SQLException;
    }

    private <T> T store(StoreOn<T> constructor) {
        try {
            return constructor.open(dataSource);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private JdbcBindingStore bindingStore() {
        try {
            JdbcBindingStore store = new JdbcBindingStore(dataSource, new KeyedRecordVault(new byte[32]));
            for (String x : List.of("+8657188880001", "+8657188880002")) {
                store.addNumber(new PoolNumber(PhoneNumber.ofE164(x), Tenant.DEFAULT, "0571", "r-1",
                        Instant.parse("2026-01-01T00:00:00Z")));
            }
            return store;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binding events go nowhere here. */
    private static final class NoEvents implements EventAdmin {
        @Override
        public void postEvent(Event event) {
            // not followed here
        }

        @Override
        public void sendEvent(Event event) {
            // not followed here
        }
    }
}
