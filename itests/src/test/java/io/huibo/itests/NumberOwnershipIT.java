package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

import io.huibo.api.ApiKey;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Direction;
import io.huibo.api.Issued;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/**
 * Numbers belong to whom the operator says: only the install's operator (the shell, an operator
 * key declared in {@code etc/}) puts a number into a tenant's pool, a number is in one pool at
 * most, the engine's display numbers are the default tenant's, a tenant lists, binds and
 * releases only its own, and a call to X is routed only by the bindings of X's owner. The test
 * key of {@link HuiboTestSupport} is the operator's; the tenants' keys are made here.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NumberOwnershipIT extends HuiboTestSupport {
    private static final String STRANGER = "+8613700137000";

    @Inject
    private TenantService tenants;

    @Inject
    private BindingService bindings;

    @Inject
    @Filter("(osgi.jndi.service.name=jdbc/huibo)")
    private DataSource dataSource;

    private static int nextX = 1;

    /** A number of no pool yet, fresh for each use. */
    private static String newX() {
        return String.format("+86571888870%02d", nextX++);
    }

    @Test
    public void aTenantsKeyCannotAddANumberWhateverItClaims() throws Exception {
        ApiClient shop = tenantKey("grabby", EnumSet.of(Right.NUMBERS, Right.ADMIN, Right.REVEAL));
        String x = newX();
        for (String body : List.of("{\"number\": \"" + x + "\", \"city\": \"0571\"}",
                "{\"number\": \"" + x + "\", \"city\": \"0571\", \"tenant\": \"grabby\"}",
                "{\"number\": \"" + x + "\", \"city\": \"0571\", \"tenant\": \"default\"}",
                "{\"number\": \"" + DISPLAY + "\", \"city\": \"0571\"}")) {
            assertError(shop.send("POST", "/numbers", body, Map.of()), 403, "FORBIDDEN");
        }
        assertEquals(403, shop.send("GET", "/numbers?tenant=default", null, Map.of()).statusCode());
        assertEquals("nothing was added", List.of(), numbers(shop));
        assertFalse(numbers(api).contains(x));
        assertTrue("the display number stays the default tenant's", numbers(api).contains(DISPLAY));
    }

    @Test
    public void theOperatorAssignsANumberToOnePoolAtMostByKeyOrShell() throws Exception {
        ApiClient shop = tenantKey("shop", EnumSet.of(Right.NUMBERS));
        ApiClient mall = tenantKey("mall", EnumSet.of(Right.NUMBERS));
        String x = newX();
        HttpResponse<String> added = api.send("POST", "/numbers",
                "{\"number\": \"" + x + "\", \"city\": \"0571\", \"tenant\": \"shop\"}", Map.of());
        assertEquals(added.body(), 201, added.statusCode());
        assertEquals("shop", JsonParser.parseString(added.body()).getAsJsonObject().get("tenant").getAsString());
        assertEquals(List.of(x), numbers(shop));

        for (String tenant : List.of("mall", "shop", "default")) {
            assertError(api.send("POST", "/numbers", "{\"number\": \"" + x + "\", \"city\": \"0571\", \"tenant\": \""
                    + tenant + "\"}", Map.of()), 409, "BIND_CONFLICT");
        }
        assertError(api.send("POST", "/numbers", "{\"number\": \"" + DISPLAY + "\", \"city\": \"0571\", \"tenant\": \"mall\"}",
                Map.of()), 409, "BIND_CONFLICT");
        assertError(api.send("POST", "/numbers", "{\"number\": \"" + newX() + "\", \"city\": \"0571\", \"tenant\": \"nobody\"}",
                Map.of()), 400, "INVALID_REQUEST");
        assertFalse("the shell refuses a number in a pool already",
                executeCommandQuietly("huibo:number-add --tenant mall " + x + " 0571").contains("Added"));
        assertEquals(List.of(), numbers(mall));

        String y = newX();
        assertTrue(executeCommand("huibo:number-add --tenant mall " + y + " 0571").contains("Added " + y));
        assertEquals(List.of(y), numbers(mall));
        assertEquals(List.of(x), numbers(shop));

        String output = executeCommand("huibo:key-create --rights operator,numbers default");
        String keyId = output.replaceAll("(?s).*Key id: (\\S+).*", "$1");
        String secret = output.replaceAll("(?s).*Secret: (\\S+).*", "$1");
        String z = newX();
        assertEquals("a key the shell gave the operator right assigns numbers", 201, new ApiClient(keyId, secret)
                .send("POST", "/numbers", "{\"number\": \"" + z + "\", \"city\": \"0571\", \"tenant\": \"shop\"}", Map.of())
                .statusCode());
        assertEquals(List.of(x, z), numbers(shop));
    }

    @Test
    public void theEngineShowsOnlyTheDefaultTenantsNumbersAndTakesFreeOnesIntoItsPool() throws Exception {
        ApiClient shop = tenantKey("caller-id", EnumSet.of(Right.NUMBERS, Right.CALLS));
        assertTrue("the configured display number is in the default tenant's pool", numbers(api).contains(DISPLAY));
        assertError(shop.send("POST", "/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B
                + "\", \"display\": \"" + DISPLAY + "\"}", Map.of()), 400, "INVALID_NUMBER");

        String shops = newX();
        String free = newX();
        assertEquals(201, api.send("POST", "/numbers", "{\"number\": \"" + shops + "\", \"city\": \"0571\", \"tenant\": \"caller-id\"}",
                Map.of()).statusCode());
        try {
            reconfigureEngine(Map.of("displayNumbers", shops + ", " + free + ", " + DISPLAY));
            awaitInPool(free);
            assertEquals("another tenant's number stays its own", List.of(shops), numbers(shop));
            String log = Files.readString(Path.of(System.getProperty("huibo.it.work"), "karaf-logs",
                    getClass().getSimpleName() + ".log"));
            assertTrue("an ERROR names the refused display number", log.contains("ERROR")
                    && log.contains("Display number " + shops + " of etc/io.huibo.engine.cfg is in the pool of tenant caller-id"));
            assertError(api.send("POST", "/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B
                    + "\", \"display\": \"" + shops + "\"}", Map.of()), 400, "INVALID_NUMBER");

            SippPhone busy = phone(PHONE_A, "phone-busy.xml", workDir("display-" + nonce()));
            try {
                ApiResponse placed = post("/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\"}");
                assertEquals(placed.body().toString(), 201, placed.status());
                assertEquals("the first configured number the default tenant owns", free, placed.body().get("display").getAsString());
                assertEquals("the phone rang and was busy; see " + busy.output(), 0, busy.awaitExit());
                awaitCall(placed.body().get("id").getAsString(), c -> inState(c, "ended"), "ended");
            } finally {
                busy.stop();
            }
        } finally {
            reconfigureEngine(Map.of("displayNumbers", DISPLAY));
        }
    }

    @Test
    public void aTenantListsBindsAndReleasesOnlyItsOwnNumbers() throws Exception {
        ApiClient shop = tenantKey("lister", EnumSet.of(Right.NUMBERS, Right.BINDINGS));
        ApiClient mall = tenantKey("neighbour", EnumSet.of(Right.NUMBERS, Right.BINDINGS));
        String shops = newX();
        String malls = newX();
        assign(shops, "lister");
        assign(malls, "neighbour");
        assertEquals(List.of(shops), numbers(shop));

        assertError(shop.send("DELETE", "/numbers/" + path(malls), null, Map.of()), 404, "NOT_FOUND");
        assertError(shop.send("DELETE", "/numbers/" + path(DISPLAY), null, Map.of()), 404, "NOT_FOUND");
        assertEquals("the neighbour's number is untouched", List.of(malls), numbers(mall));

        for (String x : List.of(malls, DISPLAY)) {
            assertError(shop.send("POST", "/bindings", "{\"mode\": \"AXN\", \"a\": \"" + PHONE_A
                    + "\", \"ttlSeconds\": 60, \"x\": \"" + x + "\"}", Map.of()), 400, "INVALID_REQUEST");
        }
        HttpResponse<String> bound = shop.send("POST", "/bindings",
                "{\"mode\": \"AXN\", \"a\": \"" + PHONE_A + "\", \"ttlSeconds\": 60}", Map.of());
        assertEquals(bound.body(), 201, bound.statusCode());
        JsonObject binding = JsonParser.parseString(bound.body()).getAsJsonObject();
        assertEquals("bound on its own number", shops, binding.get("x").getAsString());
        assertError(shop.send("POST", "/bindings", "{\"mode\": \"AXN\", \"a\": \"" + PHONE_B + "\", \"ttlSeconds\": 60}", Map.of()),
                409, "NO_AVAILABLE_NUMBER");

        assertError(shop.send("DELETE", "/numbers/" + path(shops), null, Map.of()), 409, "NUMBER_IN_USE");
        assertEquals(204, shop.send("DELETE", "/bindings/" + binding.get("id").getAsString(), null, Map.of()).statusCode());
        assertEquals(204, shop.send("DELETE", "/numbers/" + path(shops), null, Map.of()).statusCode());
        assertEquals(List.of(), numbers(shop));
    }

    @Test
    public void aCallToXIsRoutedOnlyByTheBindingsOfXsOwner() throws Exception {
        PhoneNumber x = PhoneNumber.ofE164(newX());
        assign(x.e164(), Tenant.DEFAULT);
        bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXN, PhoneNumber.ofE164(PHONE_A), null, 300, "0571",
                Direction.BOTH, null, x));
        Path dir = workDir("ownership-relay");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir.resolve("owner")),
                caller("caller-relay.xml", "127.0.0.1", STRANGER, x.e164(), dir.resolve("owner")), (a, stranger) -> {
                    assertEquals("the owner's binding routes; see " + stranger.output(), 0, stranger.awaitExit());
                    assertEquals("A answered; see " + a.output(), 0, a.awaitExit());
                });

        tenantKey("new-owner", EnumSet.of(Right.NUMBERS));
        // no API moves a bound number to another pool; a restored backup or a hand edit could
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("UPDATE huibo_number SET tenant_id = ? WHERE number = ?")) {
            p.setString(1, "new-owner");
            p.setString(2, x.e164());
            assertEquals(1, p.executeUpdate());
        }
        SippPhone refused = caller("caller-expects-404.xml", "127.0.0.1", STRANGER, x.e164(), dir.resolve("not-owner"));
        assertEquals("the default tenant's binding on new-owner's number does not route; see " + refused.output(), 0,
                refused.awaitExit());
    }

    private void assign(String number, String tenant) throws Exception {
        HttpResponse<String> added = api.send("POST", "/numbers",
                "{\"number\": \"" + number + "\", \"city\": \"0571\", \"tenant\": \"" + tenant + "\"}", Map.of());
        assertEquals(added.body(), 201, added.statusCode());
    }

    private void awaitInPool(String number) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!numbers(api).contains(number)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(number + " never joined the default tenant's pool: " + numbers(api));
            }
            Thread.sleep(50);
        }
    }

    private ApiClient tenantKey(String tenant, Set<Right> rights) {
        if (tenants.tenant(tenant).isEmpty()) {
            tenants.createTenant(tenant, tenant, "CN", null);
        }
        Issued<ApiKey> key = tenants.createKey(tenant, rights);
        return new ApiClient(key.value().id(), key.secret());
    }

    /** What a shell command printed, or its error's message when it failed. */
    private String executeCommandQuietly(String command) {
        try {
            return executeCommand(command);
        } catch (Exception e) {
            return String.valueOf(e.getMessage());
        }
    }

    private static List<String> numbers(ApiClient client) throws Exception {
        HttpResponse<String> response = client.send("GET", "/numbers", null, Map.of());
        assertEquals(response.body(), 200, response.statusCode());
        List<String> numbers = new ArrayList<>();
        JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonArray("items")
                .forEach(n -> numbers.add(n.getAsJsonObject().get("number").getAsString()));
        return numbers;
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(response.body(), status, response.statusCode());
        assertEquals(response.body(), code,
                JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("error").get("code").getAsString());
    }

    private static String path(String number) {
        return URLEncoder.encode(number, StandardCharsets.UTF_8);
    }

    private static String nonce() {
        return Long.toString(System.nanoTime());
    }
}
