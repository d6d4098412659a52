package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Direction;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;

/**
 * An operator runs Huibo from the Karaf shell: the number pool, tenants and their API keys, a
 * callback placed by hand, the call records and bindings (masked), and the trunk's health.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT extends HuiboTestSupport {

    @Inject
    private BindingService bindings;

    /**
     * The shell registers Huibo's commands only once every service they take is there, which may
     * be a moment after the API answers.
     */
    @Before
    public void awaitCommands() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                executeCommand("huibo:tenant-list");
                return;
            } catch (Exception notYet) {
                if (!"CommandNotFoundException".equals(notYet.getClass().getSimpleName()) || System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    public void numbersAreAddedListedAndRemovedButNotWhileBound() throws Exception {
        executeCommand("huibo:number-add +8657188882001 0571 s1");
        executeCommand("huibo:number-add +8657188882002 0571");
        String listed = executeCommand("huibo:numbers");
        assertTrue(listed, listed.contains("+8657188882001") && listed.contains("+8657188882002"));

        bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXN, PhoneNumber.ofE164(PHONE_A), null, 300, "0571",
                Direction.BOTH, null, PhoneNumber.ofE164("+8657188882001")));
        assertRefused("huibo:number-remove +8657188882001", "an active binding holds the number");
        executeCommand("huibo:number-remove +8657188882002");
        listed = executeCommand("huibo:numbers");
        assertTrue(listed.contains("+8657188882001"));
        assertFalse(listed.contains("+8657188882002"));
    }

    @Test
    public void aTenantsKeyMadeInTheShellSignsRequestsUntilRevoked() throws Exception {
        String created = executeCommand("huibo:tenant-create --name Acme --region CN --webhook-url https://erp.example/hooks acme");
        assertTrue(created, created.contains("Created tenant acme (Acme, region CN)"));
        assertTrue(created, Pattern.compile("Webhook secret: whsec_\\S{20,}").matcher(created).find());
        assertTrue(created, created.contains("shown once"));
        String tenants = executeCommand("huibo:tenant-list");
        assertTrue(tenants, tenants.contains("acme") && tenants.contains("https://erp.example/hooks"));
        assertFalse("secrets are not listed", tenants.contains("whsec_"));

        String issued = executeCommand("huibo:key-create --rights numbers,calls acme");
        assertTrue(issued, issued.contains("Created API key of tenant acme with rights calls,numbers"));
        assertTrue(issued, issued.contains("shown once"));
        String keyId = printed(issued, "Key id");
        String secret = printed(issued, "Secret");
        ApiClient acme = new ApiClient(keyId, secret);
        HttpResponse<String> added = acme.send("POST", "/numbers", "{\"number\": \"+8657188883001\", \"city\": \"0571\"}", Map.of());
        assertEquals("only the operator assigns numbers", 403, added.statusCode());
        assertTrue(executeCommand("huibo:number-add --tenant acme +8657188883001 0571").contains("to the pool of tenant acme"));
        HttpResponse<String> pool = acme.send("GET", "/numbers", null, Map.of());
        assertEquals(pool.body(), 200, pool.statusCode());
        assertTrue("the tenant sees its own number", pool.body().contains("+8657188883001"));
        assertFalse("and not the default tenant's", json(api.send("GET", "/numbers", null, Map.of())).body().toString()
                .contains("+8657188883001"));
        assertEquals("the key has only the rights it was given", 403,
                acme.send("GET", "/bindings?orderId=o-1", null, Map.of()).statusCode());

        String keys = executeCommand("huibo:key-list acme");
        assertTrue(keys, keys.contains(keyId) && keys.contains("calls,numbers"));
        assertFalse("a secret is never listed", keys.contains(secret));

        assertTrue(executeCommand("huibo:key-revoke " + keyId).contains("Revoked API key " + keyId));
        assertEquals("a revoked key no longer authenticates", 401, acme.send("GET", "/numbers", null, Map.of()).statusCode());
        assertRefused("huibo:key-revoke " + keyId, "no active API key " + keyId);

        String second = executeCommand("huibo:key-create -r numbers acme");
        ApiClient again = new ApiClient(printed(second, "Key id"), printed(second, "Secret"));
        assertEquals(200, again.send("GET", "/numbers", null, Map.of()).statusCode());
        assertTrue(executeCommand("huibo:tenant-revoke acme").contains("Revoked tenant acme"));
        assertEquals("a revoked tenant's keys no longer authenticate", 401,
                again.send("GET", "/numbers", null, Map.of()).statusCode());
        assertRefused("huibo:tenant-revoke acme", "no active tenant acme");
        assertRefused("huibo:key-create --rights calls acme", "no active tenant acme");
    }

    @Test
    public void mistakesAreRefusedWithAClearMessage() throws Exception {
        assertRefused("huibo:tenant-create bad/id", "tenant id must be 1 to 40 letters");
        assertRefused("huibo:tenant-create --region China shop", "region must be an ISO 3166 code");
        assertRefused("huibo:tenant-create --webhook-url ftp://erp.example shop", "--webhook-url must be an absolute http or https URL");
        assertRefused("huibo:key-create --rights calls nosuch", "no active tenant nosuch");
        assertRefused("huibo:key-create --rights calls,sing default", "unknown right sing");
        assertRefused("huibo:key-list nosuch", "no tenant nosuch");
        assertRefused("huibo:call 12345 13900139000", "FROM is not a phone number");
        assertRefused("huibo:call --tenant nosuch 13800138000 13900139000", "no tenant nosuch");
        assertRefused("huibo:call --display +8657188889999 13800138000 13900139000", "is not a number of the tenant's pool");
        assertRefused("huibo:calls --tenant nosuch", "no tenant nosuch");
        assertRefused("huibo:calls --limit 0", "--limit must be from 1 to 1000");
        assertRefused("huibo:call-show c_none", "no call c_none");
        assertRefused("huibo:bindings --tenant nosuch", "no tenant nosuch");
    }

    @Test
    public void aCallbackPlacedInTheShellBridgesThePhonesAndIsShownMasked() throws Exception {
        Path dir = workDir("shell-call");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir), (merchant, customer) -> {
            String placed = executeCommand("huibo:call 13800138000 +8613900139000");
            Matcher call = Pattern.compile("Call (c_[0-9a-f]{32}) calling-from: from \\+86138\\*\\*\\*\\*8000 to \\+86139\\*\\*\\*\\*9000"
                    + " showing \\+8657188880000").matcher(placed);
            assertTrue(placed, call.find());
            String id = call.group(1);
            assertEquals("merchant's phone saw the whole scenario; see " + merchant.output(), 0, merchant.awaitExit());
            assertEquals("customer's phone saw the whole scenario; see " + customer.output(), 0, customer.awaitExit());
            awaitEnded(id);

            String listed = executeCommand("huibo:calls --limit 5");
            assertTrue(listed, Pattern.compile(id + ".*callback.*ended.*\\+86138\\*\\*\\*\\*8000.*\\+86139\\*\\*\\*\\*9000.*completed")
                    .matcher(listed).find());
            assertNoWholeNumbers(listed);

            String shown = executeCommand("huibo:call-show " + id);
            for (String expected : new String[] {id, "+86138****8000", "+86139****9000", DISPLAY, "completed", "Hung up by"}) {
                assertTrue(expected + " in " + shown, shown.contains(expected));
            }
            assertTrue("both legs answered 200: " + shown, Pattern.compile("(?s)from.*ended.*200.*\\n.*to.*ended.*200").matcher(shown).find());
            assertNoWholeNumbers(shown);
            assertTrue("shown whole when asked", executeCommand("huibo:call-show --reveal " + id).contains(PHONE_A));
        });
    }

    @Test
    public void bindingsAreListedPerTenantActiveOrByOrderMasked() throws Exception {
        executeCommand("huibo:number-add +8657188882101 0571");
        executeCommand("huibo:tenant-create shop2");
        executeCommand("huibo:number-add --tenant shop2 +8675588882101 0755");
        Binding mine = bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXB, PhoneNumber.ofE164(PHONE_A),
                PhoneNumber.ofE164(PHONE_B), 600, "0571", Direction.BOTH, "order-shell", PhoneNumber.ofE164("+8657188882101")));
        Binding theirs = bindings.bind(new BindingRequest("shop2", BindingMode.AXB, PhoneNumber.ofE164(PHONE_A),
                PhoneNumber.ofE164(PHONE_B), 600, "0755", Direction.BOTH, "order-shell", PhoneNumber.ofE164("+8675588882101")));

        String active = executeCommand("huibo:bindings");
        assertTrue(active, Pattern.compile(mine.id() + ".*AXB.*\\+8657188882101.*\\+86138\\*\\*\\*\\*8000.*\\+86139\\*\\*\\*\\*9000.*both"
                + ".*order-shell.*active").matcher(active).find());
        assertFalse("another tenant's binding is not listed", active.contains(theirs.id()));
        assertNoWholeNumbers(active);
        String shop2 = executeCommand("huibo:bindings --tenant shop2");
        assertTrue(shop2, shop2.contains(theirs.id()) && !shop2.contains(mine.id()));

        assertTrue(bindings.delete(mine.id()));
        assertFalse("a deleted binding is no longer active", executeCommand("huibo:bindings").contains(mine.id()));
        String byOrder = executeCommand("huibo:bindings --order order-shell");
        assertTrue(byOrder, Pattern.compile(mine.id() + ".*deleted").matcher(byOrder).find());
        assertFalse(byOrder.contains(theirs.id()));
        assertTrue(executeCommand("huibo:bindings --order order-shell --reveal").contains(PHONE_B));
    }

    @Test
    public void theTrunkShowsItsAddressKeepAliveStateAndLoad() throws Exception {
        String idle = executeCommand("huibo:trunk");
        assertTrue(idle, idle.contains("127.0.0.1:" + trunkPort() + " over udp"));
        assertTrue(idle, idle.contains("unknown, OPTIONS keep-alives are off"));
        assertTrue(idle, Pattern.compile("Calls.*0 of \\d+").matcher(idle).find());

        int trunkPort = freePort();
        SippPhone trunk = SippPhone.start(scenarioFile("trunk-answer-options.xml"), trunkPort, workDir("shell-trunk"), 1000);
        try {
            reconfigureEngine(Map.of("trunkPort", String.valueOf(trunkPort), "trunkKeepaliveSeconds", "1"));
            String up = awaitTrunk("up");
            assertTrue(up, up.contains("127.0.0.1:" + trunkPort + " over udp"));
            assertTrue(up, up.contains("up, OPTIONS every 1 s"));
            trunk.stop();
            awaitTrunk("down");
        } finally {
            trunk.stop();
            reconfigureEngine(Map.of("trunkPort", String.valueOf(trunkPort()), "trunkKeepaliveSeconds", "0"));
        }
    }

    /** What {@code huibo:trunk} prints once the keep-alive state is {@code state}, polled for 15 s. */
    private String awaitTrunk(String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String shown;
        do {
            shown = executeCommand("huibo:trunk");
            if (shown.contains(state + ", OPTIONS every")) {
                return shown;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the trunk never showed " + state + ": " + shown);
    }

    /** The value a command printed on its {@code label: value} line. */
    private static String printed(String output, String label) {
        Matcher value = Pattern.compile(label + ": (\\S+)").matcher(output);
        assertTrue(label + " in " + output, value.find());
        return value.group(1);
    }

    /**
     * The command fails with Karaf's CommandException, which the console prints as one line
     * without a stack trace, saying {@code message}.
     */
    private void assertRefused(String command, String message) {
        Exception refused = assertThrows(command, Exception.class, () -> executeCommand(command));
        assertEquals(command + ": " + refused, "CommandException", refused.getClass().getSimpleName());
        assertTrue(command + ": " + refused.getMessage(), refused.getMessage().contains(message));
    }

    private static void assertNoWholeNumbers(String output) {
        for (String whole : new String[] {PHONE_A, PHONE_B, "13800138000", "13900139000"}) {
            assertFalse(whole + " shown whole in " + output, output.contains(whole));
        }
    }
}
