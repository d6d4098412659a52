package io.huibo.adapter.ktv.internal;

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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.ButtonScope;
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

/** Booking events mapped onto the real bindings, scheduler and event ledger on a real database, with the engine as a double. */
@DatabaseTest
class KtvAdapterTest {
    private static final String SECRET = "ktv-shared-secret";
    private static final PhoneNumber DESK = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber GUEST = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber ROOM_801 = PhoneNumber.ofE164("+8657188881801");
    private static final PhoneNumber X = PhoneNumber.ofE164("+8657188880001");
    private static final PhoneNumber DISPLAY = PhoneNumber.ofE164("+8657188880000");

    private final DataSource dataSource = TestDatabase.create();
    private final BindingManager bindings = new BindingManager(bindingStore(), new NoEvents());
    private final JdbcScheduledActionStore scheduler = store(ds -> new JdbcScheduledActionStore(ds, new KeyedRecordVault(new byte[32])));
    private final JdbcEventLedger ledger = store(ds -> new JdbcEventLedger(ds, new KeyedRecordVault(new byte[32])));
    private final Doubles.Callbacks callbacks = new Doubles.Callbacks();
    private final Doubles.Roster roster = new Doubles.Roster();
    private final Doubles.Tokens tokens = new Doubles.Tokens();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final KtvAdapter adapter = adapter(Map.of());

    @Test
    void anExpectedBookingBindsGuestAndFrontDeskForItsWindowAndChecksForANoShow() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        Instant start = now.plus(Duration.ofHours(1));
        Instant end = start.plus(Duration.ofHours(3));

        JsonObject answer = post(created("e1", "B-42", start, end));

        Binding binding = bindings.findByOrder(Tenant.DEFAULT, "B-42").get(0);
        assertEquals(binding.id(), answer.get("bindingId").getAsString());
        assertEquals(DESK, binding.a());
        assertEquals(GUEST, binding.b());
        assertEquals(X, binding.x());
        assertTrue(Math.abs(Duration.between(end, binding.expiresAt()).toSeconds()) <= 2, "the binding lives until the end");
        ScheduledAction check = scheduler.find("ktv", "no-show:B-42").orElseThrow();
        assertEquals(start.plusSeconds(600), check.dueAt(), "start plus noShowAfterSeconds");
        assertEquals(Tenant.DEFAULT, check.tenantId());
        assertTrue(callbacks.placed.isEmpty(), "nothing rings before the check falls due");
    }

    @Test
    void aDueNoShowCheckCallsTheFrontDeskThenTheGuestShowingTheDisplay() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        post(created("e1", "B-42", now.minusSeconds(60), now.plus(Duration.ofHours(2))));

        adapter.run(scheduler.find("ktv", "no-show:B-42").orElseThrow());

        assertEquals(1, callbacks.placed.size());
        CallbackRequest call = callbacks.placed.get(0);
        assertEquals(DESK, call.from());
        assertEquals(GUEST, call.to());
        assertEquals(DISPLAY, call.display());
        assertEquals(Tenant.DEFAULT, call.tenantId());
        assertEquals("ktv-no-show:B-42", call.userData());
    }

    @Test
    void aLateBookingIsCheckedAtOnce() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        post(created("e1", "B-42", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))));

        Instant due = scheduler.find("ktv", "no-show:B-42").orElseThrow().dueAt();
        assertFalse(due.isBefore(now), "not in the past, where it would look long overdue");
        assertTrue(due.isBefore(now.plusSeconds(5)));
    }

    @Test
    void theConfiguredFrontDeskAnswersWhenTheRosterNamesNoOne() throws Exception {
        KtvAdapter withFallback = adapter(Map.of("frontDesk", DESK.e164()));
        post(withFallback, created("e1", "B-42", now.plusSeconds(60), now.plus(Duration.ofHours(2))));
        assertEquals(DESK, bindings.findByOrder(Tenant.DEFAULT, "B-42").get(0).a());

        AdapterException none = assertThrows(AdapterException.class,
                () -> post(created("e2", "B-43", now.plusSeconds(60), now.plus(Duration.ofHours(2)))));
        assertEquals(409, none.status());
        assertEquals("NO_STAFF_ON_DUTY", none.code());
        assertTrue(scheduler.find("ktv", "no-show:B-43").isEmpty());
    }

    @Test
    void aConfirmationKeepsTheBookingsXAndMovesItsCheck() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        Instant start = now.plus(Duration.ofHours(1));
        String first = post(created("e1", "B-42", start, start.plus(Duration.ofHours(2)))).get("bindingId").getAsString();

        Instant later = start.plus(Duration.ofMinutes(30));
        JsonObject confirmed = post(event("e2", "booking.confirmed", "B-42", later, later.plus(Duration.ofHours(3))));

        assertEquals(first, confirmed.get("bindingId").getAsString());
        assertEquals(1, bindings.findByOrder(Tenant.DEFAULT, "B-42").size());
        assertTrue(Math.abs(Duration.between(later.plus(Duration.ofHours(3)),
                bindings.find(first).orElseThrow().expiresAt()).toSeconds()) <= 2);
        assertEquals(later.plusSeconds(600), scheduler.find("ktv", "no-show:B-42").orElseThrow().dueAt());
    }

    @Test
    void aCheckInCancelsTheNoShowCheckAndKeepsTheBinding() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        post(created("e1", "B-42", now.plusSeconds(60), now.plus(Duration.ofHours(2))));

        JsonObject answer = post(status("e2", "booking.checked-in", "B-42"));

        assertTrue(answer.get("noShowCheckCancelled").getAsBoolean());
        assertTrue(scheduler.pending("ktv").isEmpty());
        assertTrue(bindings.findByOrder(Tenant.DEFAULT, "B-42").get(0).isActive(Instant.now()));
    }

    @Test
    void aCancellationCancelsTheCheckAndEndsTheBindingAtOnce() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        post(created("e1", "B-42", now.plusSeconds(60), now.plus(Duration.ofHours(2))));

        JsonObject answer = post(status("e2", "booking.cancelled", "B-42"));

        assertEquals(1, answer.get("bindingsDeleted").getAsInt());
        assertTrue(scheduler.pending("ktv").isEmpty());
        assertFalse(bindings.findByOrder(Tenant.DEFAULT, "B-42").get(0).isActive(Instant.now()));
    }

    @Test
    void checkInsAndCancellationsOfUnknownBookingsAnswer200AndChangeNothing() throws Exception {
        JsonObject checkedIn = post(status("e1", "booking.checked-in", "nobody"));
        JsonObject cancelled = post(status("e2", "booking.cancelled", "nobody"));

        assertFalse(checkedIn.get("noShowCheckCancelled").getAsBoolean());
        assertEquals(0, cancelled.get("bindingsDeleted").getAsInt());
    }

    @Test
    void aDuplicateEventChangesNothingAndNeverPlacesASecondCall() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        String created = created("e1", "B-42", now.minusSeconds(700), now.plus(Duration.ofHours(2)));
        post(created);
        adapter.run(scheduler.find("ktv", "no-show:B-42").orElseThrow());
        scheduler.cancel("ktv", "no-show:B-42"); // the core drops an action once run

        JsonObject again = post(created);

        assertTrue(again.get("duplicate").getAsBoolean());
        assertTrue(scheduler.pending("ktv").isEmpty(), "no new no-show check");
        assertEquals(1, bindings.findByOrder(Tenant.DEFAULT, "B-42").size(), "no new binding");
        assertEquals(1, callbacks.placed.size(), "one call only");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1, 2]",
        "{\"type\": \"booking.created\", \"bookingId\": \"B-1\"}",
        "{\"eventId\": \"e9\", \"type\": \"booking.moved\", \"bookingId\": \"B-1\"}",
        "{\"eventId\": \"e9\", \"type\": \"booking.created\", \"bookingId\": \"B-1\", \"room\": \"801\","
                + " \"start\": \"2099-01-01T20:00:00+08:00\", \"end\": \"2099-01-01T23:00:00+08:00\"}",
        "{\"eventId\": \"e9\", \"type\": \"booking.created\", \"bookingId\": \"B-1\", \"guestPhone\": \"12345\", \"room\": \"801\","
                + " \"start\": \"2099-01-01T20:00:00+08:00\", \"end\": \"2099-01-01T23:00:00+08:00\"}",
        "{\"eventId\": \"e9\", \"type\": \"booking.created\", \"bookingId\": \"B-1\", \"guestPhone\": \"13900139000\","
                + " \"room\": \"801\", \"start\": \"tonight\", \"end\": \"2099-01-01T23:00:00+08:00\"}",
        "{\"eventId\": \"e9\", \"type\": \"booking.created\", \"bookingId\": \"B-1\", \"guestPhone\": \"13900139000\","
                + " \"room\": \"801\", \"start\": \"2099-01-01T23:00:00+08:00\", \"end\": \"2099-01-01T20:00:00+08:00\"}",
        "{\"eventId\": \"e9\", \"type\": \"booking.created\", \"bookingId\": \"B-1\", \"guestPhone\": \"13900139000\","
                + " \"room\": \"801\", \"start\": \"2001-01-01T20:00:00+08:00\", \"end\": \"2001-01-01T23:00:00+08:00\"}"})
    void aBadEventIsRefused400AndChangesNothing(String body) {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);

        AdapterException refused = assertThrows(AdapterException.class, () -> post(body));

        assertEquals(400, refused.status());
        assertTrue(refused.code().equals("INVALID_REQUEST") || refused.code().equals("INVALID_NUMBER"), refused.code());
        assertTrue(bindings.findByOrder(Tenant.DEFAULT, "B-1").isEmpty());
        assertTrue(scheduler.pending("ktv").isEmpty());
        assertTrue(ledger.firstTime("ktv", "e9"), "a refused event is not remembered as seen");
    }

    @Test
    void anEventThatFailedIsActedOnWhenResent() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXB, DESK,
                PhoneNumber.ofE164("+8613700137000"), 600, null, null, "other", null));
        String created = created("e1", "B-42", now.plusSeconds(60), now.plus(Duration.ofHours(2)));

        AdapterException full = assertThrows(AdapterException.class, () -> post(created));
        assertEquals(409, full.status());
        assertEquals("NO_AVAILABLE_NUMBER", full.code());
        assertTrue(scheduler.pending("ktv").isEmpty());

        bindings.delete(bindings.findByOrder(Tenant.DEFAULT, "other").get(0).id());
        assertFalse(post(created).has("duplicate"), "the vendor's retry is acted on");
        assertTrue(scheduler.find("ktv", "no-show:B-42").isPresent());
    }

    @Test
    void aRefusedNoShowCallbackIsDroppedUnlessTheEngineIsOverloaded() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        post(created("e1", "B-42", now.minusSeconds(700), now.plus(Duration.ofHours(2))));
        ScheduledAction check = scheduler.find("ktv", "no-show:B-42").orElseThrow();

        callbacks.refusal = new CallbackRejectedException(CallbackRejectedException.Reason.OVERLOADED, "busy");
        assertThrows(CallbackRejectedException.class, () -> adapter.run(check), "retried later by the scheduler");
        callbacks.refusal = new CallbackRejectedException(CallbackRejectedException.Reason.POLICY_BLOCKED, "quiet hours");
        adapter.run(check); // done: quiet hours will not have passed by the next retry
    }

    @Test
    void onlyBodiesSignedWithTheSharedSecretGetIn() {
        String body = status("e1", "booking.cancelled", "B-42");
        Endpoint endpoint = endpoint("bookings/events");

        assertTrue(endpoint.auth().accepts(request(body, sign(body, SECRET))));
        assertFalse(endpoint.auth().accepts(request(body, sign(body, "another secret"))));
        assertFalse(endpoint.auth().accepts(request(body, null)));
        assertFalse(adapter(Map.of("secret", "")).endpoints().get(0).auth().accepts(request(body, sign(body, SECRET))),
                "without a configured secret nothing gets in");
    }

    @Test
    void theRoomServiceButtonsTokenCallsTheRoomPhoneThenTheFrontDesk() throws Exception {
        roster.put(Tenant.DEFAULT, "ktv-1", "front-desk", DESK);
        String body = "{\"room\": \"801\"}";

        AdapterResponse response = endpoint("room-service/button-token").handler().handle(request(body, sign(body, SECRET)));

        assertEquals(201, response.status());
        String token = JsonParser.parseString(response.body()).getAsJsonObject().get("token").getAsString();
        assertEquals(ButtonScope.pair(ROOM_801, DESK), tokens.scopes.get(token));
        assertEquals(DISPLAY, tokens.displays.get(token));
        assertEquals("room-service/button-token", adapter.buttons().get(0).tokenPath());

        String unknown = "{\"room\": \"999\"}";
        AdapterException refused = assertThrows(AdapterException.class,
                () -> endpoint("room-service/button-token").handler().handle(request(unknown, sign(unknown, SECRET))));
        assertEquals(404, refused.status());
    }

    private KtvAdapter adapter(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of("tenant", Tenant.DEFAULT, "store", "ktv-1", "secret", SECRET,
                "noShowAfterSeconds", 600, "display", DISPLAY.e164(), "roomPhones", "801=" + ROOM_801.e164()));
        values.putAll(overrides);
        return new KtvAdapter(callbacks, bindings, tokens, scheduler, ledger, roster,
                Doubles.config(KtvConfiguration.class, values), Clock.systemUTC());
    }

    private JsonObject post(String body) throws AdapterException {
        return post(adapter, body);
    }

    private static JsonObject post(KtvAdapter adapter, String body) throws AdapterException {
        Endpoint endpoint = adapter.endpoints().stream().filter(e -> e.path().equals("bookings/events")).findFirst().orElseThrow();
        AdapterRequest request = request(body, sign(body, SECRET));
        assertTrue(endpoint.auth().accepts(request));
        AdapterResponse response = endpoint.handler().handle(request);
        assertEquals(200, response.status());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private Endpoint endpoint(String path) {
        return adapter.endpoints().stream().filter(e -> e.path().equals(path)).findFirst().orElseThrow();
    }

    private static String created(String eventId, String bookingId, Instant start, Instant end) {
        return event(eventId, "booking.created", bookingId, start, end);
    }

    private static String event(String eventId, String type, String bookingId, Instant start, Instant end) {
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"" + type + "\", \"bookingId\": \"" + bookingId
                + "\", \"guestPhone\": \"13900139000\", \"room\": \"801\", \"start\": \"" + start + "\", \"end\": \"" + end + "\"}";
    }

    private static String status(String eventId, String type, String bookingId) {
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"" + type + "\", \"bookingId\": \"" + bookingId + "\"}";
    }

    private static AdapterRequest request(String body, Map<String, String> signature) {
        return new AdapterRequest("POST", "bookings/events", Map.of(), signature == null ? Map.of() : signature,
                body.getBytes(StandardCharsets.UTF_8), "/adapters/ktv/bookings/events");
    }

    /** The signature headers as the servlet hands them on: names in lower case. */
    private static Map<String, String> sign(String body, String secret) {
        Map<String, String> headers = new HashMap<>();
        new RequestSignatures("X-Ktv", secret).sign("POST", "/adapters/ktv/bookings/events",
                body.getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond(), UUID.randomUUID().toString())
                .forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        return headers;
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
            store.addNumber(new PoolNumber(X, Tenant.DEFAULT, "0571", "ktv-1", Instant.parse("2026-01-01T00:00:00Z")));
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
