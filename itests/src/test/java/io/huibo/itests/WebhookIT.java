package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.huibo.api.Right;
import io.huibo.api.TenantService;

/**
 * An ERP follows its calls and bindings through webhooks: every event of a real callback arrives
 * in order and signed, whether its endpoint answers at once, fails for a while, dawdles past the
 * timeout, or is down while Huibo's webhook and store bundles restart; bindings announce their
 * creation, expiry and deletion.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WebhookIT extends HuiboTestSupport {
    private static final String TENANT = "erp-hooks";
    private static final String POOL_DISPLAY = "+8657188880009";
    private static final String POOL_X1 = "+8657188880001";
    private static final String POOL_X2 = "+8657188880002";
    private static final List<String> CALLBACK_EVENTS = List.of("call.created", "call.ringing/from", "call.answered/from",
            "call.ringing/to", "call.answered/to", "call.bridged", "call.ended");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The tenant's webhook secret, shown once when the tenant was made. */
    private static String webhookSecret;

    @Inject
    private TenantService tenants;

    private final ApiClient erp = new ApiClient("erp-hooks-key", "erp-hooks-secret-0123456789");
    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        // retries within a test's patience
        options.add(editConfigurationFilePut("etc/io.huibo.webhook.cfg", "backoffBaseMillis", "200"));
        options.add(editConfigurationFilePut("etc/io.huibo.webhook.cfg", "backoffCapMillis", "1000"));
        options.add(editConfigurationFilePut("etc/io.huibo.webhook.cfg", "requestTimeoutSeconds", "2"));
        options.add(editConfigurationFilePut("etc/io.huibo.webhook.cfg", "expiryScanSeconds", "1"));
        return options.toArray(new Option[0]);
    }

    /** A tenant of its own, whose webhook secret the test learns when making it, with a key and a pool. */
    @Before
    public void tenantWithPool() throws Exception {
        if (webhookSecret != null) {
            return;
        }
        webhookSecret = tenants.createTenant(TENANT, "ERP with webhooks", "CN", null).secret();
        tenants.putKey(TENANT, "erp-hooks-key", "erp-hooks-secret-0123456789", EnumSet.of(Right.CALLS, Right.BINDINGS, Right.NUMBERS));
        for (String number : List.of(POOL_DISPLAY, POOL_X1, POOL_X2)) {
            // the operator assigns the tenant's numbers; its own key could not
            ApiResponse added = post("/numbers", "{\"number\": \"" + number + "\", \"city\": \"0571\", \"storeId\": \"s1\","
                    + " \"tenant\": \"" + TENANT + "\"}");
            assertEquals(added.body().toString(), 201, added.status());
        }
    }

    @After
    public void stopReceivers() {
        receivers.forEach(WebhookReceiver::close);
    }

    @Test
    public void aCallbacksEventsArriveInOrderSignedWithTheTenantsSecret() throws Exception {
        WebhookReceiver receiver = receiver(freePort(), n -> 200);
        tenants.updateTenant(TENANT, null, receiver.url());

        String id = completedCallback("in-order", "");

        List<WebhookReceiver.Request> events = receiver.await(id, CALLBACK_EVENTS.size(), WAIT);
        assertEquals(CALLBACK_EVENTS, types(events));
        for (int i = 0; i < events.size(); i++) {
            WebhookReceiver.Request event = events.get(i);
            assertEquals(i + 1, event.json().get("sequence").getAsInt());
            assertEquals(event.eventId(), event.json().get("id").getAsString());
            assertEquals("signed with the tenant's webhook secret", hmac(webhookSecret, event.body()), event.signature());
            assertEquals("+86138****8000", event.json().getAsJsonObject("data").get("from").getAsString());
            assertFalse("no number in full", event.body().contains(PHONE_A) || event.body().contains(PHONE_B));
        }
        assertEquals("ended", events.get(6).json().getAsJsonObject("data").get("state").getAsString());
        assertEquals("completed", events.get(6).json().getAsJsonObject("data").get("outcome").getAsString());
        // a reply slower than the 2 s timeout is rightly sent again under its id: count events, not requests
        assertEquals("each event once", CALLBACK_EVENTS.size(),
                receiver.received().stream().map(WebhookReceiver.Request::eventId).distinct().count());
    }

    @Test
    public void aStatusCallbackUrlThatFailsForAWhileGetsEveryEventOnceItRecovers() throws Exception {
        WebhookReceiver receiver = receiver(freePort(), n -> n <= 6 ? 500 : 200);
        tenants.updateTenant(TENANT, null, null);

        String id = completedCallback("failing", "\"statusCallbackUrl\": \"" + receiver.url() + "\"");

        List<WebhookReceiver.Request> events = receiver.await(id, CALLBACK_EVENTS.size(), WAIT);
        assertEquals(CALLBACK_EVENTS, types(events));
        List<WebhookReceiver.Request> received = receiver.received();
        assertTrue("retried: " + received.size(), received.size() >= CALLBACK_EVENTS.size() + 6);
        assertEquals("the call's first event was retried, and nothing went past it", 1,
                received.subList(0, 6).stream().map(WebhookReceiver.Request::eventId).distinct().count());
    }

    @Test
    public void aReceiverSlowerThanTheTimeoutIsTriedAgain() throws Exception {
        WebhookReceiver receiver = receiver(freePort(), n -> {
            if (n == 1) {
                Thread.sleep(3500); // past the 2 s timeout of this Karaf
            }
            return 200;
        });
        tenants.updateTenant(TENANT, null, receiver.url());

        String id = completedCallback("slow", "");

        assertEquals(CALLBACK_EVENTS, types(receiver.await(id, CALLBACK_EVENTS.size(), WAIT)));
        List<WebhookReceiver.Request> received = receiver.received();
        assertEquals("call.created went again after the timeout", received.get(0).eventId(), received.get(1).eventId());
    }

    @Test
    public void eventsQueuedWhileTheReceiverIsDownArriveAfterTheBundlesRestart() throws Exception {
        int port = freePort();
        tenants.updateTenant(TENANT, null, WebhookReceiver.url(port));

        String id = completedCallback("restart", "");
        awaitUndelivered(id, CALLBACK_EVENTS.size());

        Bundle webhook = findBundle("huibo-webhook");
        Bundle store = findBundle("huibo-store");
        webhook.stop();
        store.stop();
        awaitApiServletGone();
        store.start();
        webhook.start();
        awaitHuibo();

        WebhookReceiver receiver = receiver(port, n -> 200);
        assertEquals(CALLBACK_EVENTS, types(receiver.await(id, CALLBACK_EVENTS.size(), WAIT)));
    }

    @Test
    public void bindingsAnnounceCreationExpiryAndDeletion() throws Exception {
        WebhookReceiver receiver = receiver(freePort(), n -> 200);
        tenants.updateTenant(TENANT, null, receiver.url());

        ApiResponse expiring = erpPost("/bindings", "{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \"" + PHONE_B
                + "\", \"ttlSeconds\": 2, \"x\": \"" + POOL_X1 + "\"}");
        assertEquals(expiring.body().toString(), 201, expiring.status());
        ApiResponse deleted = erpPost("/bindings", "{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \"" + PHONE_B
                + "\", \"ttlSeconds\": 3, \"x\": \"" + POOL_X2 + "\"}");
        assertEquals(deleted.body().toString(), 201, deleted.status());
        String deletedId = deleted.body().get("id").getAsString();
        assertEquals(204 / 100, erp.send("DELETE", "/bindings/" + deletedId, null, Map.of()).statusCode() / 100);

        String expiringId = expiring.body().get("id").getAsString();
        List<WebhookReceiver.Request> expiringEvents = receiver.await(expiringId, 2, WAIT);
        assertEquals(List.of("binding.created", "binding.expired"), types(expiringEvents));
        assertEquals("expired", expiringEvents.get(1).json().getAsJsonObject("data").get("state").getAsString());
        assertEquals(List.of("binding.created", "binding.deleted"), types(receiver.await(deletedId, 2, WAIT)));
        Thread.sleep(3000); // past the deleted binding's own expiry, and a few scans
        assertEquals("a deleted binding does not expire as well", List.of("binding.created", "binding.deleted"),
                types(receiver.await(deletedId, 3, Duration.ZERO)));
        assertEquals("each expiry announced once", 2, receiver.await(expiringId, 3, Duration.ZERO).size());
    }

    /** A callback between the test phones that is answered, bridged and hung up by the customer. */
    private String completedCallback(String name, String extraJson) throws Exception {
        Path dir = workDir("webhook-" + name);
        String[] id = new String[1];
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir), (merchant, customer) -> {
            ApiResponse placed = erpPost("/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\", \"display\": \""
                    + POOL_DISPLAY + "\"" + (extraJson.isEmpty() ? "" : ", " + extraJson) + "}");
            assertEquals(placed.body().toString(), 201, placed.status());
            id[0] = placed.body().get("id").getAsString();
            assertEquals("merchant's phone; see " + merchant.output(), 0, merchant.awaitExit());
            assertEquals("customer's phone; see " + customer.output(), 0, customer.awaitExit());
        });
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!"ended".equals(erpGet("/callbacks/" + id[0]).body().get("state").getAsString())) {
            assertTrue("the callback ended", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
        return id[0];
    }

    /** Waits until the outbox holds {@code count} undelivered events of {@code subject}: stored before sent. */
    private void awaitUndelivered(String subject, int count) throws Exception {
        ServiceReference<?>[] refs = bundleContext.getServiceReferences(DataSource.class.getName(), "(osgi.jndi.service.name=jdbc/huibo)");
        DataSource dataSource = (DataSource) bundleContext.getService(refs[0]);
        long deadline = System.nanoTime() + WAIT.toNanos();
        int undelivered = 0;
        while (undelivered < count && System.nanoTime() < deadline) {
            try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                    "SELECT COUNT(*) FROM huibo_webhook_outbox WHERE ordering_key = ? AND delivered_at IS NULL")) {
                p.setString(1, subject);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    undelivered = rs.getInt(1);
                }
            }
            Thread.sleep(100);
        }
        assertEquals("stored, waiting for the receiver", count, undelivered);
    }

    private WebhookReceiver receiver(int port, WebhookReceiver.Answer answer) throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(port, answer);
        receivers.add(receiver);
        return receiver;
    }

    private ApiResponse erpPost(String path, String json) throws IOException, InterruptedException {
        return json(erp.send("POST", path, json, Map.of()));
    }

    private ApiResponse erpGet(String path) throws IOException, InterruptedException {
        return json(erp.send("GET", path, null, Map.of()));
    }

    private static List<String> types(List<WebhookReceiver.Request> events) {
        return events.stream().map(WebhookReceiver.Request::type).toList();
    }

    private static String hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
