package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.ApiKey;
import io.huibo.api.BindingException;
import io.huibo.api.CallStore;
import io.huibo.api.Issued;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;
import io.huibo.api.adapter.ActionScheduler;

/**
 * A hostile client's tricks on request bodies, against the real distribution: another API key's
 * Idempotency-Key replays nothing, and JSON that only a lenient parser reads (unquoted names,
 * single quotes, comments, a {@code )]}'} prefix, trailing content, NaN, a name given twice) is
 * refused 400 and changes nothing, on the API, the call button and an adapter alike. Each loose
 * body but the trailing ones is one Gson's lenient parsing acted on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RequestHardeningIT extends AdapterTestSupport {
    private static final String KTV_SECRET = "ktv-hardening-shared-secret";
    private static final String X = "+8657188883001";
    /** The national digits of both parties: in any spelling of a whole number, never in a masked one. */
    private static final List<String> REAL_DIGITS = List.of(PHONE_A.substring(3), PHONE_B.substring(3));

    /** Ways to loosen a strict JSON object that Gson's lenient parsing reads as the same object. */
    private static final List<UnaryOperator<String>> LOOSENINGS = List.of(
            json -> json.replaceFirst("\"(\\w+)\":", "$1:"), // an unquoted name
            json -> json.replace('"', '\''), // single quotes throughout
            json -> json.replaceFirst("\\{", "{/* a comment */ "),
            json -> json.replaceFirst("\\{", "{ // a comment\n"),
            json -> ")]}'\n" + json, // the prefix Gson skips
            json -> json + " trailing",
            json -> json + json, // a second document
            json -> json.replaceFirst("\\{", "{\"extra\": NaN, "));

    @Inject
    private TenantService tenants;

    @Inject
    private NumberPool pool;

    @Inject
    private CallStore calls;

    @Inject
    private ActionScheduler scheduler;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final VendorClient roomSystem = new VendorClient("ktv", "X-Ktv", KTV_SECRET);

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "secret", KTV_SECRET));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "store", "ktv-1"));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "display", DISPLAY));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "roomPhones", "801=+8657188881801"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-ktv-desk.cfg", "tenant", "default"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-ktv-desk.cfg", "store", "ktv-1"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-ktv-desk.cfg", "role", "front-desk"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-ktv-desk.cfg", "number", PHONE_A));
        return options.toArray(new Option[0]);
    }

    /** One X in Hangzhou and one for the KTV's store: what the bodies below would bind if they were read. */
    @Before
    public void stockThePool() {
        for (String[] number : List.of(new String[] {X, "s1"}, new String[] {"+8657188883002", "ktv-1"})) {
            try {
                pool.add(Tenant.DEFAULT, PhoneNumber.ofE164(number[0]), "0571", number[1]);
            } catch (BindingException added) {
                // by an earlier test of this class
            }
        }
    }

    @Test
    public void anotherKeysIdempotencyKeyIs409AndShowsNoNumbers() throws Exception {
        ApiClient revealing = key(EnumSet.of(Right.BINDINGS, Right.REVEAL));
        ApiClient masked = key(EnumSet.of(Right.BINDINGS));
        String order = "order-idem-" + nonce();
        String body = binding(order, 600);
        Map<String, String> idempotent = Map.of("Idempotency-Key", "idem-" + nonce());

        HttpResponse<String> first = revealing.send("POST", "/bindings", body, idempotent);
        assertEquals(first.body(), 201, first.statusCode());
        assertTrue("the revealing key sees whole numbers: " + first.body(), first.body().contains(PHONE_A));

        HttpResponse<String> stolen = masked.send("POST", "/bindings", body, idempotent);
        assertEquals(stolen.body(), 409, stolen.statusCode());
        assertEquals("IDEMPOTENCY_MISMATCH", code(stolen));
        assertShowsNoRealNumber("another key's replay", stolen.body());
        assertFalse("nor the binding's id", stolen.body().contains(id(first)));
        HttpResponse<String> probed = masked.send("POST", "/bindings", binding(order, 700), idempotent);
        assertEquals("another body tells another key no more", 409, probed.statusCode());
        assertEquals(code(stolen), code(probed));
        assertEquals(JsonParser.parseString(stolen.body()), JsonParser.parseString(probed.body()));

        HttpResponse<String> again = revealing.send("POST", "/bindings", body, idempotent);
        assertEquals("the key that made the answer still has it replayed", 201, again.statusCode());
        assertEquals(first.body(), again.body());
        assertEquals("one binding, however often and by whom the request came", 1, bindingsOf(order).size());
        assertEquals(204, api.send("DELETE", "/bindings/" + id(first), null, Map.of()).statusCode());
    }

    @Test
    public void looseJsonAndNamesGivenTwiceAreRefusedByTheApiAndBindNothing() throws Exception {
        String order = "order-loose-" + nonce();
        List<String> bodies = loosened(binding(order, 120));
        bodies.add(binding(order, 120).replace("\"ttlSeconds\": 120", "\"ttlSeconds\": -1, \"ttlSeconds\": 120"));
        for (String body : bodies) {
            HttpResponse<String> refused = api.send("POST", "/bindings", body, Map.of());
            assertEquals(body + " → " + refused.body(), 400, refused.statusCode());
            assertEquals(body, "INVALID_REQUEST", code(refused));
        }
        HttpResponse<String> twice = api.send("POST", "/bindings", bodies.get(bodies.size() - 1), Map.of());
        assertTrue(twice.body(), message(twice).contains("ttlSeconds"));
        assertEquals("no loose body made a binding", 0, bindingsOf(order).size());
    }

    @Test
    public void theCallButtonRefusesLooseJsonAndPlacesNoCall() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        HttpResponse<String> minted = api.send("POST", "/button-tokens",
                "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\", \"ttlSeconds\": 300}", Map.of());
        assertEquals(minted.body(), 201, minted.statusCode());
        String token = JsonParser.parseString(minted.body()).getAsJsonObject().get("token").getAsString();
        String strict = "{\"token\": \"" + token + "\"}";
        List<String> bodies = loosened(strict);
        bodies.add("{\"token\": \"forged\", \"token\": \"" + token + "\"}");
        for (String body : bodies) {
            HttpResponse<String> refused = postPlain("/huibo/button/calls", body);
            assertEquals(body + " → " + refused.body(), 400, refused.statusCode());
            assertEquals(body, "INVALID_REQUEST", code(refused));
        }
        assertEquals("no loose body spent the token on a call", 0, calls.countSince(Tenant.DEFAULT,
                PhoneNumber.ofE164(PHONE_A), PhoneNumber.ofE164(PHONE_B), start));
    }

    @Test
    public void anAdapterRefusesLooseJsonAndActsOnNothing() throws Exception {
        installFeature("huibo-adapter-ktv");
        roomSystem.awaitMounted("bookings/events");
        String booking = "{\"eventId\": \"hard-1\", \"type\": \"booking.created\", \"bookingId\": \"B-H1\","
                + " \"guestPhone\": \"" + PHONE_B + "\", \"room\": \"801\", \"start\": \"2099-01-01T20:00:00+08:00\","
                + " \"end\": \"2099-01-01T23:00:00+08:00\"}";
        List<String> bodies = loosened(booking);
        bodies.add(booking.replace("\"guestPhone\"", "\"guestPhone\": \"none\", \"guestPhone\""));
        for (String body : bodies) {
            HttpResponse<String> refused = roomSystem.post("bookings/events", body);
            assertEquals(body + " → " + refused.body(), 400, refused.statusCode());
            assertEquals(body, "INVALID_REQUEST", code(refused));
        }
        assertEquals("no loose event bound the guest", 0, bindingsOf("B-H1").size());
        assertFalse("nor scheduled a check", scheduler.find("ktv", "no-show:B-H1").isPresent());
    }

    private static List<String> loosened(String strict) {
        List<String> bodies = new ArrayList<>();
        for (UnaryOperator<String> loosen : LOOSENINGS) {
            bodies.add(loosen.apply(strict));
        }
        return bodies;
    }

    private static String binding(String order, int ttlSeconds) {
        return "{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"13900139000\", \"ttlSeconds\": " + ttlSeconds
                + ", \"city\": \"0571\", \"orderId\": \"" + order + "\"}";
    }

    private ApiClient key(EnumSet<Right> rights) {
        Issued<ApiKey> key = tenants.createKey(Tenant.DEFAULT, rights);
        return new ApiClient(key.value().id(), key.secret());
    }

    /** A POST with nothing but its JSON, as the call button's page sends it. */
    private HttpResponse<String> postPlain(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + System.getProperty("huibo.it.http.port")
                + path)).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertShowsNoRealNumber(String what, String text) {
        for (String digits : REAL_DIGITS) {
            assertFalse(what + " shows a real number: " + text, text.contains(digits));
        }
    }

    private static JsonObject error(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("error");
    }

    private static String code(HttpResponse<String> response) {
        return error(response).get("code").getAsString();
    }

    private static String message(HttpResponse<String> response) {
        return error(response).get("message").getAsString();
    }

    private static String id(HttpResponse<String> created) {
        return JsonParser.parseString(created.body()).getAsJsonObject().get("id").getAsString();
    }

    private static String nonce() {
        return Long.toHexString(System.nanoTime());
    }
}
