package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.huibo.api.Call;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.CallbackRequest;
import io.huibo.api.CallbackService;
import io.huibo.api.EngineStatus;
import io.huibo.api.PhoneNumber;
import io.huibo.api.adapter.ActionScheduler;
import io.huibo.api.adapter.AdapterException;
import io.huibo.api.adapter.AdapterRequest;
import io.huibo.api.adapter.AdapterResponse;
import io.huibo.api.adapter.Endpoint;
import io.huibo.api.adapter.RequestSignatures;
import io.huibo.api.adapter.EventLedger;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.api.adapter.StaffDirectory;

/** The adapter over small in-memory stand-ins for Huibo's services: what it schedules, refuses and places. */
class ${vendorName}AdapterTest {
    private static final String SECRET = "shared-secret-of-the-vendor";
    private static final String TARGET = "/adapters/" + ${vendorName}Constants.VENDOR_ID + "/" + ${vendorName}Constants.EVENTS_PATH;
    private static final String VENDOR = ${vendorName}Constants.VENDOR_ID;
    private static final PhoneNumber DESK = PhoneNumber.ofE164("+8613800138000");
    private static final PhoneNumber CUSTOMER = PhoneNumber.ofE164("+8613900139000");
    private static final PhoneNumber DISPLAY = PhoneNumber.ofE164("+8657188880000");
    private static final String CREATED = "{\"eventId\": \"evt-1\", \"type\": \"booking.created\", \"bookingId\": \"b-42\","
            + " \"storeId\": \"s1\", \"customer\": \"13900139000\", \"callAt\": \"2030-06-01T18:45:00Z\"}";
    private static final String CANCELLED = "{\"eventId\": \"evt-2\", \"type\": \"booking.cancelled\", \"bookingId\": \"b-42\"}";

    private final RecordingCallbacks callbacks = new RecordingCallbacks();
    private final MemoryScheduler scheduler = new MemoryScheduler();
    private final MemoryLedger ledger = new MemoryLedger();
    private final Map<String, PhoneNumber> onDuty = new LinkedHashMap<>(Map.of("s1/front-desk", DESK));
    private final StaffDirectory staff = (tenant, store, role, at) -> Optional.ofNullable(onDuty.get(store + "/" + role));
    private final ${vendorName}Adapter adapter = new ${vendorName}Adapter(callbacks, scheduler, ledger, staff,
            config(Map.of("tenant", "acme", "sharedSecret", SECRET, "displayNumber", DISPLAY.e164())));

    @Test
    void aSignedBookingSchedulesItsCallbackAtCallAt() throws Exception {
        AdapterResponse response = post(CREATED, sign(CREATED));

        assertEquals(200, response.status());
        ScheduledAction action = scheduler.find(VENDOR, "callback:b-42").orElseThrow();
        assertEquals(Instant.parse("2030-06-01T18:45:00Z"), action.dueAt());
        assertEquals("acme", action.tenantId());
        assertTrue(callbacks.placed.isEmpty(), "nothing is called before the action is due");
    }

    @Test
    void requestsNotSignedWithTheSharedSecretAreRefused() {
        Endpoint events = adapter.endpoints().get(0);
        assertFalse(events.auth().accepts(request(CREATED, null)));
        assertFalse(events.auth().accepts(request(CREATED, sign(CANCELLED))));
        assertTrue(events.auth().accepts(request(CREATED, sign(CREATED))));
    }

    @Test
    void aRepeatedEventChangesNothing() throws Exception {
        post(CREATED, sign(CREATED));
        post(CANCELLED, sign(CANCELLED));

        AdapterResponse again = post(CREATED, sign(CREATED));

        assertEquals("{\"duplicate\":true}", again.body());
        assertTrue(scheduler.pending(VENDOR).isEmpty(), "the cancelled booking's callback stays cancelled");
    }

    @Test
    void aCancelledBookingLosesItsCallback() throws Exception {
        post(CREATED, sign(CREATED));

        AdapterResponse response = post(CANCELLED, sign(CANCELLED));

        assertEquals("{\"cancelled\":true}", response.body());
        assertTrue(scheduler.pending(VENDOR).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json at all",
        "{eventId: \"evt-1\", \"type\": \"booking.cancelled\", \"bookingId\": \"b-42\"}",
        "{\"eventId\": \"evt-1\", \"type\": \"booking.cancelled\", \"bookingId\": \"b-42\", \"bookingId\": \"b-43\"}",
        "[1, 2]",
        "{\"eventId\": \"evt-1\", \"type\": \"booking.moved\", \"bookingId\": \"b-42\"}",
        "{\"eventId\": \"evt-1\", \"type\": \"booking.created\", \"bookingId\": \"b-42\", \"storeId\": \"s1\", \"customer\": \"13900139000\"}",
        "{\"eventId\": \"evt-1\", \"type\": \"booking.created\", \"bookingId\": \"b-42\", \"storeId\": \"s1\", \"customer\": \"12\", \"callAt\": \"2030-06-01T18:45:00Z\"}",
        "{\"eventId\": \"evt-1\", \"type\": \"booking.created\", \"bookingId\": \"b-42\", \"storeId\": \"s1\", \"customer\": \"13900139000\", \"callAt\": \"tomorrow\"}",
        "{\"eventId\": 7, \"type\": \"booking.cancelled\", \"bookingId\": \"b-42\"}"
    })
    void anInvalidEventIsRefusedAndLeavesItsIdFree(String body) throws Exception {
        AdapterException refused = assertThrows(AdapterException.class, () -> post(body, sign(body)));

        assertEquals(400, refused.status());
        assertTrue(scheduler.pending(VENDOR).isEmpty());
        post(CREATED, sign(CREATED));
        assertTrue(scheduler.find(VENDOR, "callback:b-42").isPresent(), "the corrected event is acted on");
    }

    @Test
    void aDueCallbackCallsTheStaffOnDutyThenTheCustomer() {
        adapter.run(due("{\"bookingId\": \"b-42\", \"storeId\": \"s1\", \"customer\": \"+8613900139000\"}"));

        assertEquals(1, callbacks.placed.size());
        CallbackRequest placed = callbacks.placed.get(0);
        assertEquals(DESK, placed.from());
        assertEquals(CUSTOMER, placed.to());
        assertEquals(DISPLAY, placed.display());
        assertEquals("acme", placed.tenantId());
        assertEquals("b-42", placed.userData());
    }

    @Test
    void withNobodyOnDutyTheCallbackWaitsForARetry() {
        onDuty.clear();

        assertThrows(IllegalStateException.class,
                () -> adapter.run(due("{\"bookingId\": \"b-42\", \"storeId\": \"s1\", \"customer\": \"+8613900139000\"}")));
        assertTrue(callbacks.placed.isEmpty());
    }

    private AdapterResponse post(String body, Map<String, String> signature) throws AdapterException {
        AdapterRequest request = request(body, signature);
        Endpoint events = adapter.endpoints().get(0);
        assertTrue(events.auth().accepts(request));
        return events.handler().handle(request);
    }

    private static AdapterRequest request(String body, Map<String, String> signature) {
        return new AdapterRequest("POST", ${vendorName}Constants.EVENTS_PATH, Map.of(), signature == null ? Map.of() : signature,
                body.getBytes(StandardCharsets.UTF_8), TARGET);
    }

    /** What ${vendorName} sends: the signature headers (named in lower case, as Huibo hands them on). */
    private static Map<String, String> sign(String body) {
        Map<String, String> headers = new HashMap<>();
        new RequestSignatures(${vendorName}Constants.SIGNATURE_PREFIX, SECRET).sign("POST", TARGET,
                body.getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond(), UUID.randomUUID().toString())
                .forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        return headers;
    }

    private static ScheduledAction due(String payload) {
        return new ScheduledAction(VENDOR, "callback:b-42", "acme", Instant.now(), payload, 0, null);
    }

    /** The configuration as DS would hand it over: the given values, the rest at their defaults. */
    private static ${vendorName}Configuration config(Map<String, Object> values) {
        return (${vendorName}Configuration) Proxy.newProxyInstance(${vendorName}Configuration.class.getClassLoader(),
                new Class<?>[] {${vendorName}Configuration.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    private static final class RecordingCallbacks implements CallbackService {
        final List<CallbackRequest> placed = new ArrayList<>();

        @Override
        public Call place(CallbackRequest request) {
            placed.add(request);
            return new Call("c_" + placed.size(), request.tenantId(), CallKind.CALLBACK, null, CallState.QUEUED,
                    request.from(), request.to(), request.display(), request.userData(), null, List.of(),
                    Instant.now(), null, null, null, null);
        }

        @Override
        public boolean hangUp(String id) {
            throw new UnsupportedOperationException("the adapter never hangs up");
        }

        @Override
        public EngineStatus status() {
            throw new UnsupportedOperationException("the adapter never asks");
        }
    }

    private static final class MemoryLedger implements EventLedger {
        private final Set<String> seen = new HashSet<>();

        @Override
        public boolean firstTime(String vendorId, String eventId) {
            return seen.add(vendorId + "/" + eventId);
        }

        @Override
        public void forget(String vendorId, String eventId) {
            seen.remove(vendorId + "/" + eventId);
        }
    }

    private static final class MemoryScheduler implements ActionScheduler {
        private final Map<String, ScheduledAction> actions = new LinkedHashMap<>();

        @Override
        public void schedule(String vendorId, String key, String tenantId, Instant dueAt, String payload) {
            actions.put(vendorId + "/" + key, new ScheduledAction(vendorId, key, tenantId, dueAt, payload, 0, null));
        }

        @Override
        public boolean cancel(String vendorId, String key) {
            return actions.remove(vendorId + "/" + key) != null;
        }

        @Override
        public Optional<ScheduledAction> find(String vendorId, String key) {
            return Optional.ofNullable(actions.get(vendorId + "/" + key));
        }

        @Override
        public List<ScheduledAction> pending(String vendorId) {
            return actions.values().stream().filter(a -> a.vendorId().equals(vendorId))
                    .sorted(Comparator.comparing(ScheduledAction::dueAt)).toList();
        }
    }
}
