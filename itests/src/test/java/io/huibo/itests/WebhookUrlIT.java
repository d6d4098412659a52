package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Dictionary;
import java.util.List;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.event.EventHandler;

import io.huibo.api.Tenant;
import io.huibo.api.TenantService;
import io.huibo.api.WebhookUrlPolicy;

/**
 * A hostile tenant aims Huibo's webhooks at the install's own network: every form of such a URL
 * is refused when given, through the API or the shell, and nothing is stored; a URL that got in
 * before the operator narrowed the allowlist is refused again when an event is sent. A network
 * the operator allows in etc (here the test's loopback receivers, 127.0.0.1/32) gets its events.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebhookUrlIT extends HuiboTestSupport {
    private static final List<String> CALLBACK_EVENTS = List.of("call.created", "call.ringing/from", "call.answered/from",
            "call.ringing/to", "call.answered/to", "call.bridged", "call.ended");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The forms, and more; 127.0.0.1 itself is allowed here, so its other spellings stand for it. */
    private static final List<String> HOSTILE = List.of(
            "http://localhost:8101/", "http://LOCALHOST./", "http://api.localhost/",
            "http://127.0.0.2:8101/", "http://[::1]:8101/", "http://[0:0:0:0:0:0:0:1]/",
            "http://[::ffff:127.0.0.1]:8101/", "http://[::ffff:7f00:1]/", "http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
            "http://0.0.0.0:8181/", "http://[::]/",
            "http://2130706433/", "http://0x7f000001/", "http://0x7f.1/", "http://0177.0.0.1/", "http://127.1/",
            "http://017700000001/", "http://127.0.0.1./",
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/", "http://[fd00:ec2::254]/latest/meta-data/",
            "http://100.100.100.200/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
            "http://metadata/", "http://169.254.1.1/", "http://[fe80::1]/",
            "http://user:pw@erp.example/hooks", "http://erp.example@127.0.0.1/", "http://user:pw@127.0.0.1:8101/",
            "http://224.0.0.1/", "http://255.255.255.255/",
            "http://10.0.0.5/", "http://172.16.0.1/", "http://192.168.1.1/", "http://100.64.0.1/", "http://[fc00::1]/",
            "ftp://erp.example/", "file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "jar:http://erp.example/x.jar!/",
            "http://erp.example:0/", "/relative");

    @Inject
    private TenantService tenants;

    @Test
    public void eachHostileFormOfStatusCallbackUrlIsA400AndNothingIsStored() throws Exception {
        long calls = rows("huibo_call");
        long events = rows("huibo_webhook_outbox");
        for (String url : HOSTILE) {
            ApiResponse refused = post("/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\","
                    + " \"statusCallbackUrl\": \"" + url + "\"}");
            assertEquals(url + ": " + refused.body(), 400, refused.status());
            ErrorBody error = new ErrorBody(refused);
            assertEquals(url, "INVALID_REQUEST", error.code);
            assertTrue(url + ": " + error.message, error.message.startsWith("statusCallbackUrl "));
        }
        assertEquals("no call made", calls, rows("huibo_call"));
        assertEquals("no event queued", events, rows("huibo_webhook_outbox"));
    }

    @Test
    public void theShellRefusesAHostileTenantWebhookUrlAndMakesNoTenant() throws Exception {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]/", "http://2130706433/")) {
            String command = "huibo:tenant-create --webhook-url \"" + url + "\" hostile";
            Exception refused = assertThrows(command, Exception.class, () -> executeCommand(command));
            assertEquals(command + ": " + refused, "CommandException", refused.getClass().getSimpleName());
            assertTrue(refused.getMessage(), refused.getMessage().startsWith("--webhook-url "));
            assertFalse("no tenant made", tenants.tenant("hostile").isPresent());
        }
        assertTrue(executeCommand("huibo:tenant-create --webhook-url \"https://erp.example/huibo-events\" fine")
                .contains("Created tenant fine"));
    }

    @Test
    public void anAllowedNetworkFromEtcGetsItsEventsAndWithoutTheAllowanceTheSameUrlIsRefusedThenAndAtSendTime()
            throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(freePort(), n -> 200)) {
            String url = receiver.url();
            String allowed = completedCallback("allowed", url);
            assertEquals("127.0.0.1/32 of etc allows the receiver", CALLBACK_EVENTS,
                    receiver.await(allowed, CALLBACK_EVENTS.size(), WAIT).stream().map(WebhookReceiver.Request::type).toList());

            try {
                allowNetworks("");
                long calls = rows("huibo_call");
                ApiResponse refused = post("/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\","
                        + " \"statusCallbackUrl\": \"" + url + "\"}");
                assertEquals(refused.body().toString(), 400, refused.status());
                assertTrue(refused.body().toString(), new ErrorBody(refused).message
                        .startsWith("statusCallbackUrl points to a loopback address"));
                assertEquals("no call made", calls, rows("huibo_call"));

                // the tenant's URL was stored while it was allowed: the sender judges it again
                tenants.updateTenant(Tenant.DEFAULT, null, url);
                String refusedAtSend = completedCallback("refused", null);
                awaitGivenUp(refusedAtSend, CALLBACK_EVENTS.size());
                assertTrue("nothing sent to the receiver", receiver.await(refusedAtSend, 1, Duration.ZERO).isEmpty());
                assertEquals("each given up at its first attempt, none retried", CALLBACK_EVENTS.size(),
                        count("SELECT COUNT(*) FROM huibo_webhook_outbox WHERE ordering_key = ? AND attempts = 1"
                                + " AND last_error LIKE 'its URL points to a loopback address%'", refusedAtSend));
            } finally {
                tenants.updateTenant(Tenant.DEFAULT, null, null);
                allowNetworks(LOOPBACK_RECEIVERS);
            }
        }
    }

    /** A callback between the test phones, answered and hung up by the customer, with events to {@code url} if any. */
    private String completedCallback(String name, String url) throws Exception {
        Path dir = workDir("webhook-url-" + name);
        String[] id = new String[1];
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir),
                (merchant, customer) -> {
                    id[0] = placeCallback(url == null ? "" : "\"statusCallbackUrl\": \"" + url + "\"");
                    assertEquals("merchant's phone; see " + merchant.output(), 0, merchant.awaitExit());
                    assertEquals("customer's phone; see " + customer.output(), 0, customer.awaitExit());
                });
        awaitEnded(id[0]);
        return id[0];
    }

    /**
     * Sets {@code allowedNetworks} as an operator editing etc would, and waits until the policy
     * judges by it and the webhook sender has restarted with the new configuration.
     */
    private void allowNetworks(String allowed) throws Exception {
        String probe = "http://127.0.0.1/";
        long sender = senderServiceId();
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.huibo.webhook", null);
        Dictionary<String, Object> properties = configuration.getProperties();
        properties.put("allowedNetworks", allowed);
        configuration.update(properties);
        WebhookUrlPolicy policy = bundleContext.getService(bundleContext.getServiceReference(WebhookUrlPolicy.class));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((policy.refusal(probe).isEmpty() == allowed.isEmpty() || senderServiceId() == sender)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals("the policy follows allowedNetworks = " + allowed, allowed.isEmpty(), policy.refusal(probe).isPresent());
        assertTrue("the sender restarted with it", senderServiceId() != sender);
    }

    /** The service id of the webhook sender now, or -1 while it restarts. */
    private long senderServiceId() throws Exception {
        ServiceReference<?>[] refs = bundleContext.getServiceReferences(EventHandler.class.getName(),
                "(component.name=io.huibo.webhook.internal.WebhookPublisher)");
        return refs == null ? -1 : (Long) refs[0].getProperty("service.id");
    }

    private void awaitGivenUp(String call, int count) throws Exception {
        String given = "SELECT COUNT(*) FROM huibo_webhook_outbox WHERE ordering_key = ? AND failed_at IS NOT NULL";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(given, call) < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("every event of the call given up", count, count(given, call));
    }

    private long rows(String table) throws Exception {
        return count("SELECT COUNT(*) FROM " + table, null);
    }

    private long count(String sql, String parameter) throws Exception {
        ServiceReference<?>[] refs = bundleContext.getServiceReferences(DataSource.class.getName(), "(osgi.jndi.service.name=jdbc/huibo)");
        DataSource dataSource = (DataSource) bundleContext.getService(refs[0]);
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            if (parameter != null) {
                p.setString(1, parameter);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The contract's error body: {@code {"error": {"code": ..., "message": ...}}}. */
    private static final class ErrorBody {
        final String code;
        final String message;

        ErrorBody(ApiResponse response) {
            this.code = response.body().getAsJsonObject("error").get("code").getAsString();
            this.message = response.body().getAsJsonObject("error").get("message").getAsString();
        }
    }
}
