package io.huibo.itests;

import static org.junit.Assert.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.Tenant;

/**
 * A callback's webhooks outlive a restart of the whole Karaf: the ERP's receiver is down while
 * the call happens and while Karaf stops and starts again, and gets every event, once and in
 * order, when it comes back. Not a Pax Exam test: Karaf is stopped and started as an operator does,
 * on Derby or, as {@link HuiboTestSupport}'s tests, on a PostgreSQL database of its own.
 */
public class WebhookRestartIT {
    private static final List<String> CALLBACK_EVENTS = List.of("call.created", "call.ringing/from", "call.answered/from",
            "call.ringing/to", "call.answered/to", "call.bridged", "call.ended");

    private KarafServer karaf;
    private WebhookReceiver receiver;
    private PostgresStore database;

    @After
    public void stopEverything() throws Exception {
        System.clearProperty("huibo.it.http.port");
        if (receiver != null) {
            receiver.close();
        }
        if (karaf != null) {
            karaf.stop();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    public void eventsQueuedBeforeAKarafRestartReachTheReceiverOnceItIsBack() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("huibo.it.work"), "webhook-restart"));
        int httpPort = HuiboTestSupport.freePort();
        int merchantPort = HuiboTestSupport.freePort();
        int customerPort = HuiboTestSupport.freePort();
        int receiverPort = HuiboTestSupport.freePort();
        karaf = KarafServer.unpack(Path.of(System.getProperty("huibo.distribution")), work.resolve("karaf"), httpPort);
        karaf.configure("io.huibo.engine.cfg", "sipPort", String.valueOf(HuiboTestSupport.freePort()));
        karaf.configure("io.huibo.engine.cfg", "routes", HuiboTestSupport.PHONE_A + "=127.0.0.1:" + merchantPort + ", "
                + HuiboTestSupport.PHONE_B + "=127.0.0.1:" + customerPort);
        karaf.configure("io.huibo.engine.cfg", "trunkKeepaliveSeconds", "0");
        karaf.configure("io.huibo.policy.cfg", "dailyCapPerPair", "0");
        // retries every second or two, so the receiver's return is noticed soon
        karaf.configure("io.huibo.webhook.cfg", "backoffBaseMillis", "500");
        karaf.configure("io.huibo.webhook.cfg", "backoffCapMillis", "2000");
        karaf.configure("io.huibo.webhook.cfg", "allowedNetworks", HuiboTestSupport.LOOPBACK_RECEIVERS);
        karaf.configure("io.huibo.apikey-itest.cfg", "tenant", Tenant.DEFAULT);
        karaf.configure("io.huibo.apikey-itest.cfg", "keyId", HuiboTestSupport.KEY_ID);
        karaf.configure("io.huibo.apikey-itest.cfg", "secret", HuiboTestSupport.KEY_SECRET);
        karaf.configure("io.huibo.apikey-itest.cfg", "rights", "calls");
        if (PostgresStore.selected()) {
            database = PostgresStore.create(getClass().getSimpleName());
            database.applyTo(karaf);
        }
        System.setProperty("huibo.it.http.port", String.valueOf(httpPort)); // where ApiClient finds the API
        ApiClient api = new ApiClient(HuiboTestSupport.KEY_ID, HuiboTestSupport.KEY_SECRET);
        karaf.start("/api/v1/openapi.json");
        api.awaitAccepted();

        Path dir = work.resolve("phones");
        SippPhone merchant = SippPhone.start(HuiboTestSupport.scenarioFile("phone-answer-wait-bye.xml"), merchantPort,
                dir.resolve("merchant"), 1);
        SippPhone customer = SippPhone.start(HuiboTestSupport.scenarioFile("phone-answer-hangup.xml"), customerPort,
                dir.resolve("customer"), 1);
        String id;
        try {
            HttpResponse<String> placed = api.send("POST", "/callbacks", "{\"from\": \"" + HuiboTestSupport.PHONE_A
                    + "\", \"to\": \"" + HuiboTestSupport.PHONE_B + "\", \"statusCallbackUrl\": \""
                    + WebhookReceiver.url(receiverPort) + "\"}", Map.of());
            assertEquals(placed.body(), 201, placed.statusCode());
            id = JsonParser.parseString(placed.body()).getAsJsonObject().get("id").getAsString();
            assertEquals("see " + merchant.output(), 0, merchant.awaitExit());
            assertEquals("see " + customer.output(), 0, customer.awaitExit());
        } finally {
            merchant.stop();
            customer.stop();
        }
        awaitEnded(api, id);

        karaf.stop();
        karaf.start("/api/v1/openapi.json");
        receiver = new WebhookReceiver(receiverPort, n -> 200);

        List<WebhookReceiver.Request> events = receiver.await(id, CALLBACK_EVENTS.size(), Duration.ofSeconds(60));
        assertEquals(CALLBACK_EVENTS, events.stream().map(WebhookReceiver.Request::type).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals("in order", i + 1, events.get(i).json().get("sequence").getAsInt());
        }
        assertEquals("each event once after de-duplication by X-Huibo-Event-Id", CALLBACK_EVENTS.size(),
                events.stream().map(WebhookReceiver.Request::eventId).distinct().count());
    }

    private static void awaitEnded(ApiClient api, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject call = JsonParser.parseString(api.send("GET", "/callbacks/" + id, null, Map.of()).body())
                    .getAsJsonObject();
            if ("ended".equals(call.get("state").getAsString())) {
                assertEquals("completed", call.get("outcome").getAsString());
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("callback " + id + " did not end in 30 s");
    }
}
