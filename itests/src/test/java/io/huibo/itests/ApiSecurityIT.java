package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.Issued;
import io.huibo.api.ApiKey;
import io.huibo.api.CallStore;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/**
 * The API's gate, against the real distribution: signatures, replay, clock skew, rights, masking,
 * tenant isolation, idempotency, body size and rate limits, each refusal in the contract's body.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ApiSecurityIT extends HuiboTestSupport {
    private static final String ACME_X = "+8657188881001";

    @Inject
    private TenantService tenants;

    @Inject
    private CallStore calls;

    @Inject
    @Filter("(osgi.jndi.service.name=jdbc/huibo)")
    private DataSource dataSource;

    @Test
    public void everySignatureFailureIs401AndChangesNothing() throws Exception {
        String now = Long.toString(System.currentTimeMillis() / 1000);
        String body = "{\"number\": \"+8657188889001\", \"city\": \"0571\"}";

        assertUnauthorized(api.sendAs("POST", "/numbers", body, Map.of(), now, nonce(), "AAAA"), "bad signature");
        String signedOther = api.sign("POST", "/api/v1/numbers", now, "n-" + nonce(), "{}".getBytes(StandardCharsets.UTF_8));
        assertUnauthorized(api.sendAs("POST", "/numbers", body, Map.of(), now, "n-" + nonce(), signedOther),
                "signature of another body");
        String stale = Long.toString(System.currentTimeMillis() / 1000 - 301);
        assertUnauthorized(api.sendAs("POST", "/numbers", body, Map.of(), stale, nonce(), null), "clock skew");
        String ahead = Long.toString(System.currentTimeMillis() / 1000 + 301);
        assertUnauthorized(api.sendAs("POST", "/numbers", body, Map.of(), ahead, nonce(), null), "clock ahead");
        assertUnauthorized(api.sendAs("POST", "/numbers", body, Map.of(), now, "short", null), "short nonce");
        assertUnauthorized(new ApiClient("nobody", "whatever-secret-1234").send("GET", "/numbers", null, Map.of()),
                "unknown key");
        assertUnauthorized(new ApiClient(KEY_ID, "not-the-secret-0000").send("GET", "/numbers", null, Map.of()),
                "wrong secret");
        assertTrue("none of these added the number", numbers(api).stream().noneMatch("+8657188889001"::equals));

        HttpResponse<String> unsigned = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + System.getProperty("huibo.it.http.port")
                        + "/api/v1/numbers")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertUnauthorized(unsigned, "no headers at all");
    }

    @Test
    public void aNonceWorksOnceEvenAfterTheApiRestarts() throws Exception {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = nonce();
        assertEquals(200, api.sendAs("GET", "/numbers", null, Map.of(), timestamp, nonce, null).statusCode());
        assertUnauthorized(api.sendAs("GET", "/numbers", null, Map.of(), timestamp, nonce, null), "replayed");

        restartBundle("huibo-rest");
        awaitHuibo();
        assertUnauthorized(api.sendAs("GET", "/numbers", null, Map.of(), timestamp, nonce, null),
                "replayed after the API restarted");
    }

    @Test
    public void aKeySeesOnlyItsOwnTenantAndAnotherTenantsIdsAnswer404() throws Exception {
        ApiClient acme = tenantClient("acme", EnumSet.of(Right.CALLS, Right.BINDINGS, Right.NUMBERS));
        assertEquals(201, api.send("POST", "/numbers", "{\"number\": \"" + ACME_X
                + "\", \"city\": \"0571\", \"storeId\": \"acme-1\", \"tenant\": \"acme\"}", Map.of()).statusCode());
        assertEquals(List.of(ACME_X), numbers(acme));
        assertFalse("the default tenant does not see acme's pool", numbers(api).contains(ACME_X));

        HttpResponse<String> bound = acme.send("POST", "/bindings",
                "{\"mode\": \"AXB\", \"a\": \"13800138000\", \"b\": \"13900139000\", \"ttlSeconds\": 60, \"orderId\": \"acme-o1\"}",
                Map.of());
        assertEquals(bound.body(), 201, bound.statusCode());
        JsonObject binding = JsonParser.parseString(bound.body()).getAsJsonObject();
        assertEquals("acme's binding is on acme's number", ACME_X, binding.get("x").getAsString());
        String bindingId = binding.get("id").getAsString();

        assertNotFound(api.send("GET", "/bindings/" + bindingId, null, Map.of()));
        assertNotFound(api.send("PATCH", "/bindings/" + bindingId, "{\"ttlSeconds\": 5}", Map.of()));
        assertNotFound(api.send("DELETE", "/bindings/" + bindingId, null, Map.of()));
        assertNotFound(api.send("DELETE", "/numbers/" + java.net.URLEncoder.encode(ACME_X, StandardCharsets.UTF_8),
                null, Map.of()));
        assertEquals(0, JsonParser.parseString(api.send("GET", "/bindings?orderId=acme-o1", null, Map.of()).body())
                .getAsJsonObject().getAsJsonArray("items").size());
        assertEquals("acme's binding is untouched", 200, acme.send("GET", "/bindings/" + bindingId, null, Map.of()).statusCode());

        HttpResponse<String> refused = acme.send("POST", "/callbacks",
                "{\"from\": \"13800138000\", \"to\": \"13900139000\", \"display\": \"" + DISPLAY + "\"}", Map.of());
        assertEquals("another tenant's display number is not acme's to show", 400, refused.statusCode());
        assertEquals("INVALID_NUMBER", code(refused));

        String defaultsCall = placeRefusedCallback();
        assertNotFound(acme.send("GET", "/callbacks/" + defaultsCall, null, Map.of()));
        assertNotFound(acme.send("DELETE", "/callbacks/" + defaultsCall, null, Map.of()));
        assertTrue("acme's call records hold none of the default tenant's",
                callIds(acme, "/calls?limit=1000").stream().noneMatch(defaultsCall::equals));
        assertTrue(callIds(api, "/calls?limit=1000").contains(defaultsCall));
    }

    @Test
    public void rightsGateEachAreaAndOnlyRevealShowsWholeNumbers() throws Exception {
        ApiClient numbersOnly = tenantClient("numbers-only", EnumSet.of(Right.NUMBERS));
        HttpResponse<String> forbidden = numbersOnly.send("GET", "/calls", null, Map.of());
        assertEquals(403, forbidden.statusCode());
        assertEquals("FORBIDDEN", code(forbidden));
        assertEquals(403, numbersOnly.send("POST", "/bindings", "{}", Map.of()).statusCode());
        assertEquals(200, numbersOnly.send("GET", "/numbers", null, Map.of()).statusCode());

        String id = placeRefusedCallback();
        JsonObject masked = JsonParser.parseString(api.send("GET", "/callbacks/" + id, null, Map.of()).body()).getAsJsonObject();
        assertEquals("+86138****8000", masked.get("from").getAsString());
        Issued<ApiKey> revealing = tenants.createKey(Tenant.DEFAULT, EnumSet.of(Right.CALLS, Right.REVEAL));
        JsonObject whole = JsonParser.parseString(new ApiClient(revealing.value().id(), revealing.secret())
                .send("GET", "/callbacks/" + id, null, Map.of()).body()).getAsJsonObject();
        assertEquals(PHONE_A, whole.get("from").getAsString());
        assertEquals(PHONE_B, whole.get("to").getAsString());

        tenants.revokeKey(revealing.value().id());
        assertUnauthorized(new ApiClient(revealing.value().id(), revealing.secret()).send("GET", "/callbacks/" + id, null,
                Map.of()), "a revoked key");
    }

    @Test
    public void secretsAreStoredSealedNeverInClear() throws Exception {
        Issued<ApiKey> key = tenants.createKey(Tenant.DEFAULT, EnumSet.of(Right.CALLS));
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT secret FROM huibo_api_key WHERE id = ?")) {
            p.setString(1, key.value().id());
            try (ResultSet rs = p.executeQuery()) {
                assertTrue(rs.next());
                assertFalse("the database holds no secret in clear", rs.getString(1).contains(key.secret()));
            }
        }
        assertFalse("an issued secret never prints", key.toString().contains(key.secret()));
    }

    @Test
    public void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody() throws Exception {
        String key = "idem-" + nonce();
        String body = "{\"number\": \"+8657188882001\", \"city\": \"0571\"}";
        HttpResponse<String> first = api.send("POST", "/numbers", body, Map.of("Idempotency-Key", key));
        assertEquals(first.body(), 201, first.statusCode());
        HttpResponse<String> again = api.send("POST", "/numbers", body, Map.of("Idempotency-Key", key));
        assertEquals("the first answer again, not a 409 for a number in the pool", 201, again.statusCode());
        assertEquals(first.body(), again.body());
        assertEquals(first.headers().firstValue("Location"), again.headers().firstValue("Location"));

        HttpResponse<String> other = api.send("POST", "/numbers", "{\"number\": \"+8657188882002\", \"city\": \"0571\"}",
                Map.of("Idempotency-Key", key));
        assertEquals(409, other.statusCode());
        assertEquals("IDEMPOTENCY_MISMATCH", code(other));
        assertFalse("the mismatched request changed nothing", numbers(api).contains("+8657188882002"));

        java.time.Instant start = java.time.Instant.now().minusSeconds(1);
        int before = calls.countSince(Tenant.DEFAULT, PhoneNumber.ofE164(PHONE_A), PhoneNumber.ofE164(PHONE_B), start);
        String callKey = "idem-" + nonce();
        String callback = "{\"from\": \"13800138000\", \"to\": \"13900139000\"}";
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        SippPhone busy = phone(PHONE_A, "phone-busy.xml", workDir("idempotent-callback"));
        try {
            List<Future<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racing.add(pool.submit(() -> api.send("POST", "/callbacks", callback, Map.of("Idempotency-Key", callKey))));
            }
            for (Future<HttpResponse<String>> answer : racing) {
                HttpResponse<String> response = answer.get();
                assertTrue(response.body(), response.statusCode() == 201 || response.statusCode() == 409);
                if (response.statusCode() == 201) {
                    ids.add(JsonParser.parseString(response.body()).getAsJsonObject().get("id").getAsString());
                }
            }
            assertFalse("one of the racing requests placed the callback", ids.isEmpty());
            assertEquals("from-busy", awaitEnded(ids.get(0)).get("outcome").getAsString());
        } finally {
            pool.shutdownNow();
            busy.stop();
        }
        HttpResponse<String> after = api.send("POST", "/callbacks", callback, Map.of("Idempotency-Key", callKey));
        assertEquals(201, after.statusCode());
        ids.add(JsonParser.parseString(after.body()).getAsJsonObject().get("id").getAsString());
        assertEquals("one callback, however many times the request came: " + ids, 1, new HashSet<>(ids).size());
        assertEquals("the store holds that one call", before + 1,
                calls.countSince(Tenant.DEFAULT, PhoneNumber.ofE164(PHONE_A), PhoneNumber.ofE164(PHONE_B), start));
    }

    @Test
    public void tooLargeBodiesGet413AndAKeyOverItsRateGets429() throws Exception {
        HttpResponse<String> large = api.send("POST", "/callbacks", "{\"userData\": \"" + "x".repeat(70_000) + "\"}", Map.of());
        assertEquals(413, large.statusCode());
        assertEquals("PAYLOAD_TOO_LARGE", code(large));

        reconfigureApi(Map.of("rateLimitPerSecond", "1", "rateLimitBurst", "3"));
        try {
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> limited = null;
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = api.send("GET", "/numbers", null, Map.of());
                statuses.add(response.statusCode());
                if (response.statusCode() == 429) {
                    limited = response;
                }
            }
            assertNotNull("six requests at once exceed a burst of three: " + statuses, limited);
            assertEquals("RATE_LIMITED", code(limited));
            assertTrue(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            ApiClient other = tenantClient("unlimited-neighbour", EnumSet.of(Right.NUMBERS));
            assertEquals("the limit is per key", 200, other.send("GET", "/numbers", null, Map.of()).statusCode());
        } finally {
            reconfigureApi(Map.of("rateLimitPerSecond", "1000", "rateLimitBurst", "2000"));
        }
    }

    /** A callback of the default tenant that the merchant's busy phone ends at once: a call record to look for. */
    private String placeRefusedCallback() throws Exception {
        SippPhone busy = phone(PHONE_A, "phone-busy.xml", workDir("busy-" + nonce()));
        try {
            HttpResponse<String> placed = api.send("POST", "/callbacks",
                    "{\"from\": \"13800138000\", \"to\": \"13900139000\"}", Map.of());
            assertEquals(placed.body(), 201, placed.statusCode());
            String id = JsonParser.parseString(placed.body()).getAsJsonObject().get("id").getAsString();
            assertEquals("from-busy", awaitEnded(id).get("outcome").getAsString());
            return id;
        } finally {
            busy.stop();
        }
    }

    private ApiClient tenantClient(String tenant, Set<Right> rights) {
        if (tenants.tenant(tenant).isEmpty()) {
            tenants.createTenant(tenant, tenant, "CN", null);
        }
        Issued<ApiKey> key = tenants.createKey(tenant, rights);
        return new ApiClient(key.value().id(), key.secret());
    }

    private static List<String> numbers(ApiClient client) throws Exception {
        List<String> numbers = new ArrayList<>();
        JsonParser.parseString(client.send("GET", "/numbers", null, Map.of()).body()).getAsJsonObject()
                .getAsJsonArray("items").forEach(n -> numbers.add(n.getAsJsonObject().get("number").getAsString()));
        return numbers;
    }

    private static List<String> callIds(ApiClient client, String path) throws Exception {
        HttpResponse<String> response = client.send("GET", path, null, Map.of());
        assertEquals(response.body(), 200, response.statusCode());
        List<String> ids = new ArrayList<>();
        JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("items")
                .forEach(c -> ids.add(c.getAsJsonObject().get("id").getAsString()));
        return ids;
    }

    private void reconfigureApi(Map<String, Object> changes) throws Exception {
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.huibo.rest", null);
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new java.util.Hashtable<>();
        }
        changes.forEach(properties::put);
        configuration.update(properties);
        awaitApiServletWith(changes);
        awaitHuibo();
    }

    /**
     * Waits until the API servlet is registered with {@code changes}: it has no {@code @Modified}, so a change
     * registers a new servlet later, and the old one answers until then. Pax Web drops the old servlet from
     * Jetty as it is unregistered, so once the new one is registered, an API that answers is the new one.
     */
    private void awaitApiServletWith(Map<String, Object> changes) throws Exception {
        StringBuilder filter = new StringBuilder("(&(osgi.http.whiteboard.servlet.name=huibo-api-v1)");
        changes.forEach((key, value) -> filter.append('(').append(key).append('=').append(value).append(')'));
        filter.append(')');
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (bundleContext.getServiceReferences("javax.servlet.Servlet", filter.toString()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the API servlet was not registered with " + changes + " within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private void restartBundle(String name) throws Exception {
        org.osgi.framework.Bundle bundle = findBundle(name);
        bundle.stop();
        awaitApiServletGone();
        bundle.start();
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    private static String code(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("error").get("code").getAsString();
    }

    private static void assertUnauthorized(HttpResponse<String> response, String what) {
        assertEquals(what + ": " + response.body(), 401, response.statusCode());
        assertEquals(what, "UNAUTHORIZED", code(response));
    }

    private static void assertNotFound(HttpResponse<String> response) {
        assertEquals(response.body(), 404, response.statusCode());
        assertEquals("NOT_FOUND", code(response));
    }
}
