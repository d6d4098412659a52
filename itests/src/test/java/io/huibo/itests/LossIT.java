package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeNoException;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.Tenant;

/**
 * Huibo and its SIPp phones on a network that loses one UDP datagram in ten: the distribution
 * as shipped and the phones all run in a network namespace of the test's own whose loopback
 * drops 10 % of UDP at random, so every request, response and ACK may be lost on the way. SIP's
 * retransmissions must carry each call through all the same: every callback and every relayed
 * call completes, and each is recorded once.
 */
public class LossIT {
    private static final int LOSS_PERCENT = 10;
    private static final int CALLBACKS = 50;
    private static final int RELAYED_CALLS = 20;
    /** What a batch may take in all: SIPp's own global timeout, and the test's wait for the records. */
    private static final int BATCH_SECONDS = 150;
    private static final String PHONE_A = "+8613800138000";
    private static final String PHONE_B = "+8613900139000";
    private static final String X = "+8657188889901";

    private static LossyNamespace ns;
    private static KarafServer karaf;
    private static ApiClient api;
    private static Path work;
    private static int sipPort;
    private static int trunkPort;
    private static final Map<String, Integer> PHONE_PORTS = new LinkedHashMap<>();

    @BeforeClass
    public static void startOnALossyNetwork() throws Exception {
        try {
            ns = LossyNamespace.create(LOSS_PERCENT);
        } catch (LossyNamespace.Unavailable e) {
            assumeNoException("LossIT needs a network namespace of its own (CAP_NET_ADMIN, as root on CI)", e);
        }
        try {
            work = Files.createDirectories(Path.of(System.getProperty("huibo.it.work"), "loss"));
            int httpPort = HuiboTestSupport.freePort();
            karaf = KarafServer.unpack(Path.of(System.getProperty("huibo.distribution")), work.resolve("karaf"), httpPort);
            karaf.runIn(ns);
            sipPort = HuiboTestSupport.freePort();
            trunkPort = HuiboTestSupport.freePort();
            PHONE_PORTS.put(PHONE_A, HuiboTestSupport.freePort());
            PHONE_PORTS.put(PHONE_B, HuiboTestSupport.freePort());
            karaf.configure("io.huibo.engine.cfg", "sipPort", String.valueOf(sipPort));
            karaf.configure("io.huibo.engine.cfg", "trunkPort", String.valueOf(trunkPort));
            karaf.configure("io.huibo.engine.cfg", "trunkKeepaliveSeconds", "0");
            karaf.configure("io.huibo.engine.cfg", "routes", PHONE_A + "=127.0.0.1:" + PHONE_PORTS.get(PHONE_A) + ", "
                    + PHONE_B + "=127.0.0.1:" + PHONE_PORTS.get(PHONE_B));
            // the same two phones call each other all along
            karaf.configure("io.huibo.policy.cfg", "dailyCapPerPair", "0");
            karaf.configure("io.huibo.apikey-itest.cfg", "tenant", Tenant.DEFAULT);
            karaf.configure("io.huibo.apikey-itest.cfg", "keyId", HuiboTestSupport.KEY_ID);
            karaf.configure("io.huibo.apikey-itest.cfg", "secret", HuiboTestSupport.KEY_SECRET);
            karaf.configure("io.huibo.apikey-itest.cfg", "rights", "calls,bindings,numbers,operator");
            api = new ApiClient(HuiboTestSupport.KEY_ID, HuiboTestSupport.KEY_SECRET, ns.address() + ":" + httpPort);
            karaf.start("/api/v1/openapi.json");
            api.awaitAccepted();
        } catch (Exception | AssertionError e) {
            stopAll();
            throw e;
        }
    }

    @AfterClass
    public static void stopAll() throws Exception {
        try {
            if (karaf != null) {
                karaf.stop();
            }
        } finally {
            karaf = null;
            if (ns != null) {
                ns.close();
                ns = null;
            }
        }
    }

    @Test
    public void everyCallbackCompletesAndIsRecordedOnce() throws Exception {
        Instant since = Instant.now().minusSeconds(1);
        long droppedBefore = ns.dropped();
        Path dir = Files.createDirectories(work.resolve("callbacks"));
        SippPhone merchant = phone(PHONE_A, "phone-answer-wait-bye.xml", dir, CALLBACKS);
        SippPhone customer = phone(PHONE_B, "phone-answer-hangup.xml", dir, CALLBACKS);
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < CALLBACKS; i++) {
                HttpResponse<String> placed = api.send("POST", "/callbacks",
                        "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\", \"userData\": \"loss-" + i + "\"}", Map.of());
                assertEquals(placed.body(), 201, placed.statusCode());
                ids.add(JsonParser.parseString(placed.body()).getAsJsonObject().get("id").getAsString());
                Thread.sleep(200); // five a second: a dozen calls at once
            }
            Map<String, String> outcomes = awaitEnded(ids);
            long completed = outcomes.values().stream().filter("completed"::equals).count();
            long dropped = ns.dropped() - droppedBefore;
            System.out.printf("LossIT: %d of %d callbacks completed at %d %% UDP loss, %d datagrams dropped%n", completed,
                    CALLBACKS, LOSS_PERCENT, dropped);
            assertTrue("the network lost datagrams on the way", dropped > 0);
            assertEquals("outcomes: " + outcomes, CALLBACKS, completed);
            assertEquals("the merchant's phone followed every call to its end; see " + merchant.output(), 0,
                    merchant.awaitExit());
            assertEquals("the customer's phone followed every call to its end; see " + customer.output(), 0,
                    customer.awaitExit());
            assertRecordedOnce(since, "callback", CALLBACKS);
        } finally {
            merchant.stop();
            customer.stop();
        }
    }

    @Test
    public void everyRelayedCallCompletesAndIsRecordedOnce() throws Exception {
        assertEquals(201, api.send("POST", "/numbers", "{\"number\": \"" + X + "\", \"city\": \"0571\", \"storeId\": \"s1\", "
                + "\"tenant\": \"" + Tenant.DEFAULT + "\"}", Map.of()).statusCode());
        HttpResponse<String> bound = api.send("POST", "/bindings", "{\"mode\": \"AXB\", \"a\": \"" + PHONE_A + "\", \"b\": \""
                + PHONE_B + "\", \"ttlSeconds\": 3600, \"city\": \"0571\", \"direction\": \"both\", \"orderId\": \"loss\", "
                + "\"x\": \"" + X + "\"}", Map.of());
        assertEquals(bound.body(), 201, bound.statusCode());
        Instant since = Instant.now().minusSeconds(1);
        long droppedBefore = ns.dropped();
        Path dir = Files.createDirectories(work.resolve("relay"));
        SippPhone merchant = phone(PHONE_B, "phone-answer-wait-bye.xml", dir, RELAYED_CALLS);
        // the customer's calls come in through the trunk: from its address and port; two a second, ten at once at most
        SippPhone customer = SippPhone.run(ns.command(List.of()), HuiboTestSupport.scenarioFile("caller-relay.xml"),
                dir.resolve("caller"), RELAYED_CALLS, BATCH_SECONDS, List.of("-i", "127.0.0.1", "-p", String.valueOf(trunkPort),
                        "127.0.0.1:" + sipPort, "-key", "caller_number", PHONE_A, "-key", "x_number", X, "-r", "2", "-l", "10"));
        try {
            int callerExit = customer.awaitExit();
            int merchantExit = merchant.awaitExit();
            Map<String, String> outcomes = awaitRecords(since, "relay", RELAYED_CALLS);
            long completed = outcomes.values().stream().filter("completed"::equals).count();
            long dropped = ns.dropped() - droppedBefore;
            System.out.printf("LossIT: %d of %d relayed calls completed at %d %% UDP loss, %d datagrams dropped%n", completed,
                    RELAYED_CALLS, LOSS_PERCENT, dropped);
            assertTrue("the network lost datagrams on the way", dropped > 0);
            assertEquals("every caller's call through X went to its end; see " + customer.output(), 0, callerExit);
            assertEquals("B answered every call and was hung up; see " + merchant.output(), 0, merchantExit);
            assertEquals("outcomes: " + outcomes, RELAYED_CALLS, completed);
            assertRecordedOnce(since, "relay", RELAYED_CALLS);
        } finally {
            merchant.stop();
            customer.stop();
        }
    }

    private static SippPhone phone(String number, String scenario, Path dir, int calls) throws IOException {
        return SippPhone.run(ns.command(List.of()), HuiboTestSupport.scenarioFile(scenario), dir.resolve(number.substring(1)),
                calls, BATCH_SECONDS, List.of("-i", "127.0.0.1", "-p", String.valueOf(PHONE_PORTS.get(number))));
    }

    /** Each callback's outcome once it has ended, or null for one still in progress at the deadline. */
    private static Map<String, String> awaitEnded(List<String> ids) throws IOException, InterruptedException {
        Map<String, String> outcomes = new LinkedHashMap<>();
        ids.forEach(id -> outcomes.put(id, null));
        long deadline = System.nanoTime() + Duration.ofSeconds(BATCH_SECONDS).toNanos();
        while (outcomes.containsValue(null) && System.nanoTime() < deadline) {
            for (Map.Entry<String, String> entry : outcomes.entrySet()) {
                if (entry.getValue() == null) {
                    JsonObject call = getJson("/callbacks/" + entry.getKey());
                    if ("ended".equals(call.get("state").getAsString())) {
                        entry.setValue(call.get("outcome").getAsString());
                    }
                }
            }
            Thread.sleep(500);
        }
        return outcomes;
    }

    /** The outcomes of the call records of {@code kind} since {@code since}, once {@code count} of them have ended. */
    private static Map<String, String> awaitRecords(Instant since, String kind, int count) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, String> outcomes;
        do {
            outcomes = new LinkedHashMap<>();
            for (JsonObject record : records(since, kind)) {
                JsonElement outcome = record.get("outcome");
                outcomes.put(record.get("id").getAsString(), outcome == null || outcome.isJsonNull() ? null : outcome.getAsString());
            }
            if (outcomes.size() >= count && !outcomes.containsValue(null)) {
                return outcomes;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return outcomes;
    }

    /** The call records say the batch once: {@code count} of {@code kind}, no id twice, each completed. */
    private static void assertRecordedOnce(Instant since, String kind, int count) throws IOException, InterruptedException {
        List<JsonObject> records = records(since, kind);
        Set<String> ids = new HashSet<>();
        for (JsonObject record : records) {
            assertTrue("recorded twice: " + record, ids.add(record.get("id").getAsString()));
            assertEquals(record.toString(), "completed", record.get("outcome").getAsString());
        }
        assertEquals(records.toString(), count, records.size());
    }

    /** Every call record of {@code kind} since {@code since}, page by page. */
    private static List<JsonObject> records(Instant since, String kind) throws IOException, InterruptedException {
        List<JsonObject> records = new ArrayList<>();
        String cursor = null;
        do {
            JsonObject page = getJson("/calls?since=" + since + "&limit=100" + (cursor == null ? "" : "&cursor="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonElement item : page.getAsJsonArray("items")) {
                if (kind.equals(item.getAsJsonObject().get("kind").getAsString())) {
                    records.add(item.getAsJsonObject());
                }
            }
            JsonElement next = page.get("next");
            cursor = next == null || next.isJsonNull() ? null : next.getAsString();
        } while (cursor != null);
        return records;
    }

    private static JsonObject getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = api.send("GET", path, null, Map.of());
        assertEquals(response.body(), 200, response.statusCode());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
