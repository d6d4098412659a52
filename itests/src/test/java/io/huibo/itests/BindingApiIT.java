package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import com.google.gson.JsonArray;
import com.google.gson.JsonParseException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.BindingService;
import io.huibo.api.PhoneNumber;
import io.huibo.api.RelayDecision;
import io.huibo.api.Tenant;
import io.huibo.api.RelayDecision.Verdict;

/**
 * The number pool and AXB/AXN bindings through the HTTP API, in the real distribution with its
 * Derby: pool upkeep, allocation by city, conflicts, changes, expiry to the second, bad input,
 * and bindings that outlive a restart of the bundles holding them. Each test adds the pool
 * numbers it needs to an empty pool (the engine's display number is taken out too) and leaves it empty.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BindingApiIT extends HuiboTestSupport {
    private static final String HANGZHOU_1 = "+8657188880001";
    private static final String HANGZHOU_2 = "+8657188880002";
    private static final String SHENZHEN_1 = "+8675588880001";
    private static final String PHONE_C = "+8613700137000";
    private static final String PHONE_D = "+8613600136000";

    @Inject
    private BindingService bindingService;

    private final List<String> bindings = new ArrayList<>();

    @Before
    @After
    public void emptyThePool() throws Exception {
        for (String id : bindings) {
            request("DELETE", "/bindings/" + id, null);
        }
        for (JsonElement number : request("GET", "/numbers", null).body().getAsJsonArray("items")) {
            ApiResponse removed = request("DELETE", "/numbers/" + path(number.getAsJsonObject().get("number").getAsString()), null);
            assertEquals(String.valueOf(removed.body()), 204, removed.status());
        }
    }

    @Test
    public void poolNumbersAreAddedListedAndRemovedButNotWhileBound() throws Exception {
        ApiResponse added = addNumber("0571-8888 0001", "0571");
        assertEquals(added.body().toString(), 201, added.status());
        assertEquals(HANGZHOU_1, added.body().get("number").getAsString());
        assertEquals("0571", added.body().get("city").getAsString());
        assertEquals("s1", added.body().get("storeId").getAsString());
        assertError(addNumber(HANGZHOU_1, "0571"), 409, "BIND_CONFLICT");
        assertError(addNumber("12345", "0571"), 400, "INVALID_NUMBER");
        assertError(addNumber(HANGZHOU_2, "hangzhou"), 400, "INVALID_REQUEST");

        JsonArray items = request("GET", "/numbers", null).body().getAsJsonArray("items");
        assertEquals(items.toString(), 1, items.size());
        assertEquals(HANGZHOU_1, items.get(0).getAsJsonObject().get("number").getAsString());

        String id = bind("{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"13900139000\", \"ttlSeconds\": 600}")
                .get("id").getAsString();
        assertError(request("DELETE", "/numbers/" + path(HANGZHOU_1), null), 409, "NUMBER_IN_USE");
        assertEquals(204, request("DELETE", "/bindings/" + id, null).status());
        assertEquals(204, request("DELETE", "/numbers/" + path(HANGZHOU_1), null).status());
        assertError(request("DELETE", "/numbers/" + path(HANGZHOU_1), null), 404, "NOT_FOUND");
        assertEquals(0, request("GET", "/numbers", null).body().getAsJsonArray("items").size());
    }

    @Test
    public void bindingsTakeANumberOfTheirCityElseAnyFreeOneUntilThePoolIsExhausted() throws Exception {
        addNumber(HANGZHOU_1, "0571");
        addNumber(SHENZHEN_1, "0755");

        JsonObject axb = bind("{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"+8613900139000\", \"ttlSeconds\": 7200,"
                + " \"city\": \"0755\", \"orderId\": \"order-city\"}");
        assertEquals(SHENZHEN_1, axb.get("x").getAsString());
        assertFalse(axb.get("cityFallback").getAsBoolean());
        assertTrue(axb.get("id").getAsString().matches("b_[0-9a-f]{32}"));
        assertEquals("AXB", axb.get("mode").getAsString());
        assertEquals("+86138****8000", axb.get("a").getAsString());
        assertEquals("+86139****9000", axb.get("b").getAsString());
        assertEquals("both", axb.get("direction").getAsString());
        assertEquals("active", axb.get("state").getAsString());
        assertTrue(axb.get("deletedAt").isJsonNull());
        assertEquals(Instant.parse(axb.get("createdAt").getAsString()).plusSeconds(7200),
                Instant.parse(axb.get("expiresAt").getAsString()));

        JsonObject axn = bind("{\"mode\": \"AXN\", \"a\": \"" + PHONE_C + "\", \"ttlSeconds\": 7200, \"city\": \"0755\","
                + " \"orderId\": \"order-city\"}");
        assertEquals("the AXN cannot share Shenzhen's number: it falls back", HANGZHOU_1, axn.get("x").getAsString());
        assertTrue(axn.get("cityFallback").getAsBoolean());
        assertTrue(axn.get("b").isJsonNull());

        String again = "{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \"" + PHONE_D + "\", \"ttlSeconds\": 60,"
                + " \"orderId\": \"order-city\"}";
        assertError(post("/bindings", again), 409, "NO_AVAILABLE_NUMBER");
        assertError(post("/bindings", "{\"mode\": \"AXB\", \"a\": \"" + PHONE_D + "\", \"b\": \"" + PHONE_C + "\","
                + " \"ttlSeconds\": 60, \"x\": \"" + HANGZHOU_1 + "\"}"), 409, "BIND_CONFLICT");
        JsonObject requested = bind("{\"mode\": \"AXB\", \"a\": \"" + PHONE_D + "\", \"b\": \"" + PHONE_C + "\","
                + " \"ttlSeconds\": 60, \"x\": \"" + SHENZHEN_1 + "\", \"orderId\": \"order-city\"}");
        assertEquals(SHENZHEN_1, requested.get("x").getAsString());

        JsonArray items = get("/bindings?orderId=order-city").body().getAsJsonArray("items");
        assertEquals("the refused requests left nothing behind: " + items, 3, items.size());
        assertEquals(axb.get("id"), items.get(0).getAsJsonObject().get("id"));
        assertEquals(0, get("/bindings?orderId=order-none").body().getAsJsonArray("items").size());

        assertEquals(RelayDecision.relay(Tenant.DEFAULT, axb.get("id").getAsString(), number(PHONE_B)),
                bindingService.route(number(PHONE_A), number(SHENZHEN_1)));
        assertEquals("anyone calling the AXN number reaches A", RelayDecision.relay(Tenant.DEFAULT, axn.get("id").getAsString(),
                number(PHONE_C)), bindingService.route(number(PHONE_B), number(HANGZHOU_1)));
        assertEquals(Verdict.NO_BINDING, bindingService.route(number(PHONE_A), number(HANGZHOU_2)).verdict());
    }

    @Test
    public void aPatchChangesBTheExpiryAndTheDirectionAndADeleteEndsTheBinding() throws Exception {
        addNumber(HANGZHOU_1, "0571");
        JsonObject created = bind("{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \"" + PHONE_B + "\","
                + " \"ttlSeconds\": 60}");
        String id = created.get("id").getAsString();

        ApiResponse patched = request("PATCH", "/bindings/" + id,
                "{\"b\": \"13700137000\", \"ttlSeconds\": 3600, \"direction\": \"a-to-b\"}");
        assertEquals(patched.body().toString(), 200, patched.status());
        assertEquals("+86137****7000", patched.body().get("b").getAsString());
        assertEquals("a-to-b", patched.body().get("direction").getAsString());
        assertTrue(Instant.parse(patched.body().get("expiresAt").getAsString())
                .isAfter(Instant.now().plusSeconds(3500)));
        assertEquals(patched.body(), get("/bindings/" + id).body());
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, id, number(PHONE_C)), bindingService.route(number(PHONE_A), number(HANGZHOU_1)));
        assertEquals(RelayDecision.refuse(Verdict.DIRECTION_FORBIDDEN, Tenant.DEFAULT, id),
                bindingService.route(number(PHONE_C), number(HANGZHOU_1)));
        assertEquals("the old B is no party any more", Verdict.NO_BINDING,
                bindingService.route(number(PHONE_B), number(HANGZHOU_1)).verdict());

        String other = bind("{\"mode\": \"AXB\", \"a\": \"" + PHONE_D + "\", \"b\": \"" + PHONE_B + "\", \"ttlSeconds\": 60}")
                .get("id").getAsString();
        assertError(request("PATCH", "/bindings/" + other, "{\"b\": \"" + PHONE_C + "\"}"), 409, "BIND_CONFLICT");
        assertError(request("PATCH", "/bindings/" + other, "{}"), 400, "INVALID_REQUEST");
        assertError(request("PATCH", "/bindings/" + other, "{\"ttlSeconds\": 0}"), 400, "INVALID_REQUEST");

        ApiResponse ended = request("DELETE", "/bindings/" + id, null);
        assertEquals(204, ended.status());
        assertNull(ended.body());
        JsonObject deleted = get("/bindings/" + id).body();
        assertEquals("deleted", deleted.get("state").getAsString());
        assertNotNull(Instant.parse(deleted.get("deletedAt").getAsString()));
        assertError(request("DELETE", "/bindings/" + id, null), 404, "NOT_FOUND");
        assertError(request("PATCH", "/bindings/" + id, "{\"ttlSeconds\": 60}"), 404, "NOT_FOUND");
        assertEquals(Verdict.NO_BINDING, bindingService.route(number(PHONE_A), number(HANGZHOU_1)).verdict());
    }

    @Test
    public void aBindingExpiresToTheSecondAndStopsRouting() throws Exception {
        addNumber(HANGZHOU_1, "0571");
        JsonObject created = bind("{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \"" + PHONE_B + "\","
                + " \"ttlSeconds\": 2}");
        String id = created.get("id").getAsString();
        Instant expiresAt = Instant.parse(created.get("expiresAt").getAsString());
        assertEquals(Instant.parse(created.get("createdAt").getAsString()).plusSeconds(2), expiresAt);
        assertEquals("active", get("/bindings/" + id).body().get("state").getAsString());
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, id, number(PHONE_B)), bindingService.route(number(PHONE_A), number(HANGZHOU_1)));

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 50);
        assertEquals("expired", get("/bindings/" + id).body().get("state").getAsString());
        assertEquals(Verdict.NO_BINDING, bindingService.route(number(PHONE_A), number(HANGZHOU_1)).verdict());
        assertEquals(Verdict.NO_BINDING, bindingService.route(number(PHONE_B), number(HANGZHOU_1)).verdict());
        assertError(request("DELETE", "/bindings/" + id, null), 404, "NOT_FOUND");
        assertEquals("no sweeper needed: the number is free at once", HANGZHOU_1,
                bind("{\"mode\": \"AXN\", \"a\": \"" + PHONE_A + "\", \"ttlSeconds\": 60}").get("x").getAsString());
    }

    @Test
    public void badRequestsGetTheContractsErrorsAndChangeNothing() throws Exception {
        addNumber(HANGZHOU_1, "0571");
        String order = ", \"orderId\": \"order-bad\"";
        assertError(post("/bindings", "{\"a\": \"13800138000\", \"ttlSeconds\": 60" + order + "}"), 400, "INVALID_REQUEST");
        assertError(post("/bindings", "{\"mode\": \"AXB\", \"a\": \"1380013\", \"b\": \"13900139000\", \"ttlSeconds\": 60"
                + order + "}"), 400, "INVALID_NUMBER");
        assertError(post("/bindings", "{\"mode\": \"AXN\", \"a\": \"13800138000\", \"b\": \"13900139000\", \"ttlSeconds\": 60"
                + order + "}"), 400, "INVALID_REQUEST");
        assertError(post("/bindings", "{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"13800138000\", \"ttlSeconds\": 60"
                + order + "}"), 400, "INVALID_REQUEST");
        assertError(post("/bindings", "{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"13900139000\", \"ttlSeconds\": 0"
                + order + "}"), 400, "INVALID_REQUEST");
        assertError(post("/bindings", "{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"13900139000\", \"ttlSeconds\": 60,"
                + " \"direction\": \"sideways\"" + order + "}"), 400, "INVALID_REQUEST");
        assertError(post("/bindings", "{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"13900139000\", \"ttlSeconds\": 60,"
                + " \"x\": \"+8657188889999\"" + order + "}"), 400, "INVALID_REQUEST");
        assertError(post("/bindings", "{not json"), 400, "INVALID_REQUEST");
        assertError(get("/bindings/b_does_not_exist"), 404, "NOT_FOUND");
        assertError(get("/bindings"), 400, "INVALID_REQUEST");
        assertError(request("PATCH", "/bindings/b_does_not_exist", "{\"ttlSeconds\": 60}"), 404, "NOT_FOUND");
        assertError(request("DELETE", "/bindings/b_does_not_exist", null), 404, "NOT_FOUND");
        assertError(request("DELETE", "/numbers/" + path("+8657188889999"), null), 404, "NOT_FOUND");
        assertEquals(0, get("/bindings?orderId=order-bad").body().getAsJsonArray("items").size());
        assertEquals(Verdict.NO_BINDING, bindingService.route(number(PHONE_A), number(HANGZHOU_1)).verdict());
    }

    @Test
    public void bindingsOutliveARestartOfTheStoreAndBindingBundles() throws Exception {
        addNumber(HANGZHOU_1, "0571");
        JsonObject created = bind("{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \"" + PHONE_B + "\","
                + " \"ttlSeconds\": 600, \"orderId\": \"order-restart\"}");
        String id = created.get("id").getAsString();

        Bundle binding = findBundle("huibo-binding");
        Bundle store = findBundle("huibo-store");
        binding.stop();
        store.stop();
        awaitApiServletGone();
        store.start();
        binding.start();
        assertEquals(Bundle.ACTIVE, binding.getState());

        JsonObject after = awaitBinding(id);
        assertEquals(created, after);
        assertEquals(1, get("/bindings?orderId=order-restart").body().getAsJsonArray("items").size());
        JsonArray pool = request("GET", "/numbers", null).body().getAsJsonArray("items");
        assertEquals("the pool as before, and the display number the engine claims again from the pool that came back",
                List.of(DISPLAY, HANGZHOU_1), List.of(pool.get(0).getAsJsonObject().get("number").getAsString(),
                        pool.get(1).getAsJsonObject().get("number").getAsString()));
        assertEquals(204, request("DELETE", "/numbers/" + path(DISPLAY), null).status());
        assertEquals(RelayDecision.relay(Tenant.DEFAULT, id, number(PHONE_B)), currentBindingService().route(number(PHONE_A),
                number(HANGZHOU_1)));
        assertError(post("/bindings", "{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \"" + PHONE_C + "\","
                + " \"ttlSeconds\": 60}"), 409, "NO_AVAILABLE_NUMBER");
    }

    /** The binding as the API shows it once the API and its services are back, for at most 30 s. */
    private JsonObject awaitBinding(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                ApiResponse response = request("GET", "/bindings/" + id, null);
                if (response.status() == 200) {
                    return response.body();
                }
            } catch (IOException | JsonParseException notYetListening) {
                // the servlet is being registered again; meanwhile Jetty may answer with a page of its own
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("binding " + id + " did not come back within 30 s");
            }
            Thread.sleep(100);
        }
    }

    /** The binding service registered now: a restarted bundle registers a new one. */
    private BindingService currentBindingService() {
        ServiceReference<BindingService> reference = bundleContext.getServiceReference(BindingService.class);
        assertNotNull("the binding service is registered", reference);
        return bundleContext.getService(reference);
    }

    private ApiResponse addNumber(String number, String city) throws Exception {
        return post("/numbers", "{\"number\": \"" + number + "\", \"city\": \"" + city + "\", \"storeId\": \"s1\"}");
    }

    /** Makes a binding, expecting 201, and remembers it for clean-up. */
    private JsonObject bind(String json) throws Exception {
        ApiResponse created = post("/bindings", json);
        assertEquals(created.body().toString(), 201, created.status());
        bindings.add(created.body().get("id").getAsString());
        return created.body();
    }

    private static PhoneNumber number(String e164) {
        return PhoneNumber.ofE164(e164);
    }

    private static String path(String number) {
        return URLEncoder.encode(number, StandardCharsets.UTF_8);
    }

    private static void assertError(ApiResponse response, int status, String code) {
        assertEquals(String.valueOf(response.body()), status, response.status());
        JsonObject error = response.body().getAsJsonObject("error");
        assertNotNull(response.body().toString(), error);
        assertEquals(response.body().toString(), code, error.get("code").getAsString());
        assertFalse(error.get("message").getAsString().isBlank());
    }

    /** Any method, with an optional JSON body; the body answered is null when there is none (204). */
    private ApiResponse request(String method, String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = api.send(method, path, json, Map.of());
        if (response.body().isEmpty()) {
            return new ApiResponse(response.statusCode(), null);
        }
        return new ApiResponse(response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject());
    }
}
