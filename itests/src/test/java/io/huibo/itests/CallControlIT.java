package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.google.gson.JsonObject;

import io.huibo.api.CallEvents;

/**
 * Every path of a callback against SIPp phones: ring timeout, each kind of refusal, early
 * media, hang-up through the API, the duration limit, hold and resume, the trunk's digest
 * challenge, toll-fraud protection, overload, a silent trunk, and the events that follow a call.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CallControlIT extends HuiboTestSupport {

    /** Runs one callback to its end between phones playing {@code merchant} and {@code customer}. */
    private JsonObject callback(String name, String merchant, String customer, String extraJson) throws Exception {
        Path dir = workDir(name);
        String[] id = new String[1];
        withPhones(phone(PHONE_A, merchant, dir), phone(PHONE_B, customer, dir), (a, b) -> {
            id[0] = placeCallback(extraJson);
            assertEquals(name + ": merchant's phone followed " + merchant + "; see " + a.output(), 0, a.awaitExit());
            assertEquals(name + ": customer's phone followed " + customer + "; see " + b.output(), 0, b.awaitExit());
        });
        return awaitEnded(id[0]);
    }

    private static JsonObject leg(JsonObject call, int index) {
        return call.getAsJsonArray("legs").get(index).getAsJsonObject();
    }

    private static void assertOutcome(JsonObject call, String outcome, String hangupBy) {
        assertEquals(call.toString(), outcome, call.get("outcome").getAsString());
        assertEquals(call.toString(), hangupBy, call.get("hangupBy").getAsString());
    }

    @Test
    public void aCustomerWhoNeverAnswersIsCancelledAtTheRingTimeoutAndTheMerchantReleased() throws Exception {
        JsonObject call = callback("ring-timeout", "phone-answer-wait-bye.xml", "phone-ring-no-answer.xml",
                "\"ringTimeoutSeconds\": 2");
        assertOutcome(call, "to-no-answer", "system");
        assertEquals(487, leg(call, 1).get("sipStatus").getAsInt());
        assertEquals("failed", leg(call, 1).get("state").getAsString());
        assertEquals("ended", leg(call, 0).get("state").getAsString());
    }

    @Test
    public void eachFinalRefusalOfTheCustomerMapsToItsOutcomeAndKeepsTheSipStatus() throws Exception {
        Object[][] cases = {
            {"603", "Decline", "to-rejected"},
            {"404", "Not Found", "failed"},
            {"480", "Temporarily Unavailable", "to-no-answer"},
            {"600", "Busy Everywhere", "to-busy"},
            {"503", "Service Unavailable", "failed"},
        };
        for (Object[] c : cases) {
            Path scenario = workDir("refused-" + c[0]).resolve("phone-reject-" + c[0] + ".xml");
            Files.writeString(scenario, Files.readString(scenarioFile("phone-reject.xml"))
                    .replace("STATUS", (String) c[0]).replace("REASON", (String) c[1]));
            JsonObject call = callback("refused-" + c[0], "phone-answer-wait-bye.xml", scenario.toString(), "");
            assertOutcome(call, (String) c[2], "system");
            assertEquals(Integer.parseInt((String) c[0]), leg(call, 1).get("sipStatus").getAsInt());
        }
    }

    @Test
    public void aBusyMerchantEndsTheCallbackBeforeTheCustomerIsCalled() throws Exception {
        Path dir = workDir("from-busy");
        SippPhone a = phone(PHONE_A, "phone-busy.xml", dir);
        try {
            String id = placeCallback("");
            assertEquals("see " + a.output(), 0, a.awaitExit());
            JsonObject call = awaitEnded(id);
            assertOutcome(call, "from-busy", "from");
            assertEquals(1, call.getAsJsonArray("legs").size());
            assertEquals(486, leg(call, 0).get("sipStatus").getAsInt());
        } finally {
            a.stop();
        }
    }

    @Test
    public void earlyMediaFromTheCustomerIsTheAnswerTheMerchantGets() throws Exception {
        Path dir = workDir("early-media");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-early-media.xml", dir), (a, b) -> {
            String id = placeCallback("");
            assertEquals("see " + a.output(), 0, a.awaitExit());
            assertEquals("see " + b.output(), 0, b.awaitExit());
            assertOutcome(awaitEnded(id), "completed", "to");
            assertTrue("the merchant's ACK carries the SDP of the customer's 183",
                    a.messages().contains("m=audio 49170 RTP/AVP 0"));
        });
    }

    @Test
    public void theApiCancelsARingingCustomer() throws Exception {
        Path dir = workDir("delete-ringing");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-ring-no-answer.xml", dir), (a, b) -> {
            String id = placeCallback("");
            awaitCall(id, c -> inState(c, "calling-to") && c.getAsJsonArray("legs").size() == 2
                    && "ringing".equals(leg(c, 1).get("state").getAsString()), "ringing the customer");
            ApiResponse deleted = delete("/callbacks/" + id);
            assertEquals(deleted.body().toString(), 202, deleted.status());
            assertEquals("see " + a.output(), 0, a.awaitExit());
            assertEquals("see " + b.output(), 0, b.awaitExit());
            assertOutcome(awaitEnded(id), "cancelled", "api");

            ApiResponse again = delete("/callbacks/" + id);
            assertEquals(409, again.status());
            assertEquals("CALL_ENDED", again.body().getAsJsonObject("error").get("code").getAsString());
            assertEquals(404, delete("/callbacks/c_nobody").status());
        });
    }

    @Test
    public void aMerchantHangingUpWhileTheCustomerRingsCancelsTheCustomer() throws Exception {
        JsonObject ended = callback("from-hangs-up", "phone-answer-hangup-unacknowledged.xml", "phone-ring-no-answer.xml", "");
        // the customer's 487 comes after the call ended, and is recorded in a later update
        JsonObject call = awaitCall(ended.get("id").getAsString(), c -> leg(c, 1).has("sipStatus")
                && !leg(c, 1).get("sipStatus").isJsonNull(), "the customer's final status recorded");
        assertOutcome(call, "cancelled", "from");
        assertEquals(487, leg(call, 1).get("sipStatus").getAsInt());
        assertTrue(call.get("bridgedAt").isJsonNull());
    }

    @Test
    public void theApiHangsUpABridgedCall() throws Exception {
        Path dir = workDir("delete-bridged");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-wait-bye.xml", dir), (a, b) -> {
            String id = placeCallback("");
            awaitCall(id, c -> inState(c, "bridged"), "bridged");
            assertEquals(202, delete("/callbacks/" + id).status());
            assertEquals("merchant got a BYE; see " + a.output(), 0, a.awaitExit());
            assertEquals("customer got a BYE; see " + b.output(), 0, b.awaitExit());
            assertOutcome(awaitEnded(id), "completed", "api");
        });
    }

    @Test
    public void aCallThatOutlastsItsLimitIsHungUpOnBothSides() throws Exception {
        JsonObject call = callback("max-duration", "phone-answer-wait-bye.xml", "phone-answer-wait-bye.xml",
                "\"maxDurationSeconds\": 2");
        assertOutcome(call, "max-duration", "system");
        long seconds = call.get("durationSeconds").getAsLong();
        assertTrue("hung up at 2 s, give or take a late timer: " + seconds, seconds >= 2 && seconds <= 3);
    }

    @Test
    public void holdIsRelayedBetweenThePartiesWithoutRevealingEither() throws Exception {
        String held = holdRelayed("hold", true);
        List<String> contacts = contactsOfLastInvite(held);
        assertEquals("the hold re-INVITE names one Contact: " + contacts, 1, contacts.size());
        assertTrue(contacts.get(0), contacts.get(0).startsWith("<sip:huibo@127.0.0.1:"));
    }

    @Test
    public void theCustomersHoldIsRelayedToTheMerchant() throws Exception {
        holdRelayed("hold-by-customer", false);
    }

    /**
     * One party holds, the other answers a=recvonly and hangs up; neither sees the other's number.
     * Returns what the held party's phone received.
     */
    private String holdRelayed(String name, boolean merchantHolds) throws Exception {
        Path dir = workDir(name);
        String[] held = new String[1];
        withPhones(phone(PHONE_A, merchantHolds ? "phone-answer-hold.xml" : "phone-held-hangup.xml", dir),
                phone(PHONE_B, merchantHolds ? "phone-held-hangup.xml" : "phone-answer-hold.xml", dir), (a, b) -> {
                    String id = placeCallback("");
                    SippPhone holder = merchantHolds ? a : b;
                    SippPhone holdee = merchantHolds ? b : a;
                    assertEquals("the hold was answered recvonly; see " + holder.output(), 0, holder.awaitExit());
                    assertEquals("the sendonly re-INVITE arrived; see " + holdee.output(), 0, holdee.awaitExit());
                    assertOutcome(awaitEnded(id), "completed", merchantHolds ? "to" : "from");
                    assertFalse(b.messages().contains("13800138000"));
                    assertFalse(a.messages().contains("13900139000"));
                    held[0] = holdee.messages();
                });
        return held[0];
    }

    /** The Contact values of the last INVITE in a SIPp message log. */
    private static List<String> contactsOfLastInvite(String log) {
        String invite = log.substring(log.lastIndexOf("\nINVITE "));
        invite = invite.substring(0, invite.indexOf("\n\n") < 0 ? invite.length() : invite.indexOf("\n\n"));
        return invite.lines().filter(line -> line.regionMatches(true, 0, "Contact:", 0, 8))
                .flatMap(line -> Arrays.stream(line.substring(8).split(","))).map(String::strip).toList();
    }

    @Test
    public void theTrunksDigestChallengesAreAnsweredWithTheConfiguredCredentials() throws Exception {
        reconfigureEngine(Map.of("trunkUsername", "huibo", "trunkPassword", "s3cret-for-test"));
        try {
            for (String challenger : List.of("phone-digest.xml", "phone-digest-proxy.xml")) {
                Path dir = workDir(challenger.replace(".xml", ""));
                withPhones(phone(PHONE_A, challenger, dir, "-key", "password", "s3cret-for-test"), phone(PHONE_B, "phone-answer-hangup.xml", dir), (a, b) -> {
                    String id = placeCallback("");
                    assertEquals(challenger + " accepted the credentials; see " + a.output(), 0, a.awaitExit());
                    assertEquals("see " + b.output(), 0, b.awaitExit());
                    assertOutcome(awaitEnded(id), "completed", "to");
                });
            }
        } finally {
            reconfigureEngine(Map.of("trunkUsername", "", "trunkPassword", ""));
        }
    }

    @Test
    public void everyInviteGoesThroughTheConfiguredOutboundProxy() throws Exception {
        Path dir = workDir("outbound-proxy");
        int proxyPort = phonePort(PHONE_A); // the proxy answers for both parties, on the merchant phone's port
        reconfigureEngine(Map.of("outboundProxy", "127.0.0.1:" + proxyPort));
        SippPhone proxy = phone(PHONE_A, "proxy-answer-wait-bye.xml", dir, 2);
        try {
            String id = placeCallback("");
            awaitCall(id, c -> inState(c, "bridged"), "bridged through the proxy");
            assertEquals(202, delete("/callbacks/" + id).status());
            assertEquals("both INVITEs came with the proxy's Route; see " + proxy.output(), 0, proxy.awaitExit());
            assertOutcome(awaitEnded(id), "completed", "api");
        } finally {
            proxy.stop();
            reconfigureEngine(Map.of("outboundProxy", ""));
        }
    }

    @Test
    public void onlyTheTrunkAndRoutesMayStartCalls() throws Exception {
        Path dir = workDir("toll-fraud");
        SippPhone stranger = caller("caller-expects-403.xml", "127.0.0.2", dir);
        assertEquals("an INVITE from 127.0.0.2 is refused 403; see " + stranger.output(), 0, stranger.awaitExit());
        SippPhone trunk = caller("caller-expects-404.xml", "127.0.0.1", dir);
        assertEquals("the trunk's INVITE to an unbound number gets 404; see " + trunk.output(), 0, trunk.awaitExit());
    }

    @Test
    public void pastItsCapacityTheEngineSheds503AndCallsInProgressGoOnThroughAReconfiguration() throws Exception {
        Path dir = workDir("overload");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-wait-bye.xml", dir), (a, b) -> {
            reconfigureEngine(Map.of("maxCalls", "1"));
            String id = placeCallback("");
            awaitCall(id, c -> inState(c, "bridged"), "bridged");

            HttpResponse<String> shed = rawPost("/callbacks",
                    "{\"from\": \"+8613800138000\", \"to\": \"+8613900139000\"}");
            assertEquals(shed.body(), 503, shed.statusCode());
            assertTrue(shed.body().contains("\"OVERLOADED\""));
            assertTrue(shed.headers().firstValue("Retry-After").isPresent());
            SippPhone caller = caller("caller-expects-503.xml", "127.0.0.1", dir);
            assertEquals("an INVITE at capacity gets 503; see " + caller.output(), 0, caller.awaitExit());

            reconfigureEngine(Map.of("maxCalls", "1000"));
            assertTrue("the call in progress survived the reconfiguration", inState(get("/callbacks/" + id).body(), "bridged"));
            assertEquals(202, delete("/callbacks/" + id).status());
            assertEquals(0, a.awaitExit());
            assertEquals(0, b.awaitExit());
            assertOutcome(awaitEnded(id), "completed", "api");
        });
    }

    @Test
    public void whileTheTrunkIsSilentCallbacksThroughItAreRefusedAtOnce() throws Exception {
        int silentPort = freePort();
        reconfigureEngine(Map.of("trunkPort", String.valueOf(silentPort), "trunkKeepaliveSeconds", "1"));
        try {
            long deadline = System.currentTimeMillis() + 15_000;
            while (engine().status().trunkUp() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertFalse("the silent trunk is seen as down", engine().status().trunkUp());
            long started = System.currentTimeMillis();
            HttpResponse<String> refused = rawPost("/callbacks",
                    "{\"from\": \"+8613800138000\", \"to\": \"+8613700137000\"}");
            assertEquals(refused.body(), 503, refused.statusCode());
            assertTrue(refused.body().contains("trunk"));
            assertTrue("refused at once, not after SIP timers", System.currentTimeMillis() - started < 2000);
        } finally {
            reconfigureEngine(Map.of("trunkPort", String.valueOf(trunkPort()), "trunkKeepaliveSeconds", "0"));
        }
    }

    @Test
    public void everyChangeOfACallIsPostedAsAnEventInOrder() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, CallEvents.TOPIC_ALL);
        ServiceRegistration<EventHandler> registration =
                bundleContext.registerService(EventHandler.class, events::add, topics);
        try {
            JsonObject call = callback("events", "phone-answer-wait-bye.xml", "phone-answer-hangup.xml", "");
            String id = call.get("id").getAsString();
            long deadline = System.currentTimeMillis() + 5000;
            while (events.stream().noneMatch(e -> e.getTopic().endsWith("/ENDED")) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            List<Event> mine = new ArrayList<>(events.stream().filter(e -> id.equals(e.getProperty(CallEvents.CALL_ID))).toList());
            mine.sort((x, y) -> Long.compare((Long) x.getProperty(CallEvents.SEQUENCE), (Long) y.getProperty(CallEvents.SEQUENCE)));
            List<String> states = mine.stream().map(e -> (String) e.getProperty(CallEvents.STATE)).distinct().toList();
            assertEquals(List.of("calling-from", "calling-to", "bridged", "ended"), states);
            Event last = mine.get(mine.size() - 1);
            assertEquals(CallEvents.TOPIC_PREFIX + "ENDED", last.getTopic());
            assertEquals("completed", last.getProperty(CallEvents.OUTCOME));
            for (int i = 0; i < mine.size(); i++) {
                assertEquals("no change is missing", (long) i + 1, mine.get(i).getProperty(CallEvents.SEQUENCE));
            }
        } finally {
            registration.unregister();
        }
    }
}
