package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.huibo.api.AdmissionControl;
import io.huibo.api.Overload;

/**
 * Adaptive admission, made to saturate on purpose: with a setup-latency threshold of 100 ms, two
 * phones whose first responses take 300 ms each put the median of the engine's waits over it
 * once two callbacks (four INVITEs, enough to judge by; the unit tests show fewer are not) have
 * gone out. While it sheds, a new INVITE gets 503 with Retry-After, a new API callback 503
 * OVERLOADED before it is authenticated (an unknown key too; a signed request's nonce is not
 * spent), a call button's click 503 before its token is read, and the calls it admitted go on. Once the slow answers are past, new calls are admitted again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdmissionIT extends HuiboTestSupport {
    private static final String CALLBACK = "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\"}";

    @Inject
    private AdmissionControl admission;

    @Test
    public void aSaturatedEngineShedsNewCallsBeforeAnyWorkKeepsItsCallAndRecovers() throws Exception {
        // only the setup latency is watched, so nothing but the slow phone can saturate the engine
        reconfigureEngine(Map.of("admissionSetupMillis", "100", "admissionStackLagMillis", "0",
                "admissionRetransmissionsPerInvite", "0", "admissionHoldMillis", "500", "admissionResumeFraction", "0.5"));
        assertEquals("an idle engine admits", Optional.empty(), admission.overload());
        Path dir = workDir("admission");
        String nonce = UUID.randomUUID().toString();
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String slow = "phone-slow-first-response.xml";
        withPhones(phone(PHONE_A, slow, dir, 2), phone(PHONE_B, slow, dir, 2), (a, b) -> {
            String first = placeCallback("");
            String admitted = placeCallback("");
            awaitCall(first, c -> inState(c, "bridged"), "bridged behind its two slow first responses");
            awaitCall(admitted, c -> inState(c, "bridged"), "bridged behind its two slow first responses");
            Overload overload = admission.overload().orElseThrow(
                    () -> new AssertionError("four 300 ms first responses did not saturate a 100 ms threshold"));
            assertTrue(overload.reason(), overload.reason().contains("setup latency"));

            HttpResponse<String> shed = api.sendAs("POST", "/callbacks", CALLBACK, Map.of(), timestamp, nonce, null);
            assertEquals(shed.body(), 503, shed.statusCode());
            assertEquals("OVERLOADED", json(shed).body().getAsJsonObject("error").get("code").getAsString());
            assertTrue("Retry-After in seconds", shed.headers().firstValue("Retry-After").orElse("").matches("[0-9]+"));

            HttpResponse<String> stranger = new ApiClient("no-such-key", "whatever-secret")
                    .send("POST", "/callbacks", CALLBACK, Map.of());
            assertEquals("shed before the key is looked up: " + stranger.body(), 503, stranger.statusCode());

            HttpResponse<String> click = clickButton("{\"token\": \"no-such-token\"}");
            assertEquals("a button click is shed before its token is read: " + click.body(), 503, click.statusCode());
            assertEquals("OVERLOADED", json(click).body().getAsJsonObject("error").get("code").getAsString());
            assertTrue("Retry-After in seconds", click.headers().firstValue("Retry-After").orElse("").matches("[0-9]+"));

            SippPhone caller = caller("caller-expects-503-retry-after.xml", "127.0.0.1", dir);
            assertEquals("a new INVITE gets 503 with Retry-After; see " + caller.output(), 0, caller.awaitExit());

            for (String id : new String[] {first, admitted}) {
                assertTrue("the admitted calls go on while new ones are shed",
                        inState(get("/callbacks/" + id).body(), "bridged"));
                assertEquals(202, delete("/callbacks/" + id).status());
            }
            assertEquals("see " + a.output(), 0, a.awaitExit());
            assertEquals("see " + b.output(), 0, b.awaitExit());
            assertEquals("completed", awaitEnded(first).get("outcome").getAsString());
            assertEquals("completed", awaitEnded(admitted).get("outcome").getAsString());
        });

        // no INVITE waits for a slow answer any more: the latency is forgotten, and the engine admits
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (admission.overload().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals("admitting again once the load passed", Optional.empty(), admission.overload());
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir), (a, b) -> {
            // the very request that was shed, nonce and all: shedding spent nothing of it
            HttpResponse<String> again = api.sendAs("POST", "/callbacks", CALLBACK, Map.of(), timestamp, nonce, null);
            assertEquals(again.body(), 201, again.statusCode());
            String id = json(again).body().get("id").getAsString();
            assertEquals("see " + a.output(), 0, a.awaitExit());
            assertEquals("see " + b.output(), 0, b.awaitExit());
            assertEquals("completed", awaitEnded(id).get("outcome").getAsString());
        });
    }

    /** A merchant's click on a call button, as the button's script posts it: no key, only the token. */
    private static HttpResponse<String> clickButton(String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + System.getProperty("huibo.it.http.port")
                + "/huibo/button/calls")).timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
