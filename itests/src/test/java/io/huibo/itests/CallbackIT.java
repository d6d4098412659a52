package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.huibo.api.Call;
import io.huibo.api.CallStore;
import io.huibo.api.LegState;
import io.huibo.api.Party;

/**
 * A merchant asks for a callback through the HTTP API; Huibo calls the merchant's phone, then
 * the customer's, and bridges them, each seeing only the virtual number.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CallbackIT extends HuiboTestSupport {
    @Inject
    private CallStore store;

    @Test
    public void aCallbackBridgesTwoPhonesAndKeepsEachNumberFromTheOther() throws Exception {
        Path dir = workDir("completed");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir), (merchant, customer) -> {
            ApiResponse placed = post("/callbacks",
                    "{\"from\": \"13800138000\", \"to\": \"139 0013 9000\", \"userData\": \"booking-42\"}");
            assertEquals(placed.body().toString(), 201, placed.status());
            String id = placed.body().get("id").getAsString();

            assertEquals("merchant's phone saw the whole scenario; see " + merchant.output(), 0, merchant.awaitExit());
            assertEquals("customer's phone saw the whole scenario; see " + customer.output(), 0, customer.awaitExit());

            JsonObject call = awaitEnded(id);
            assertEquals("completed", call.get("outcome").getAsString());
            assertEquals("to", call.get("hangupBy").getAsString());
            assertEquals("+86138****8000", call.get("from").getAsString());
            assertEquals("+86139****9000", call.get("to").getAsString());
            assertEquals(DISPLAY, call.get("display").getAsString());
            assertEquals("booking-42", call.get("userData").getAsString());
            JsonArray legs = call.getAsJsonArray("legs");
            assertEquals(2, legs.size());
            for (int i = 0; i < 2; i++) {
                JsonObject leg = legs.get(i).getAsJsonObject();
                assertEquals(List.of("from", "to").get(i), leg.get("party").getAsString());
                assertEquals("ended", leg.get("state").getAsString());
                assertEquals(200, leg.get("sipStatus").getAsInt());
                assertFalse(leg.get("answeredAt").isJsonNull());
            }
            Instant bridged = Instant.parse(call.get("bridgedAt").getAsString());
            Instant ended = Instant.parse(call.get("endedAt").getAsString());
            assertTrue("bridged before it ended", bridged.isBefore(ended));
            assertTrue("the customer talked for about two seconds", call.get("durationSeconds").getAsLong() >= 1);

            Call stored = store.find(id).orElseThrow();
            assertEquals("the store keeps the real numbers", PHONE_A, stored.from().e164());
            assertEquals(PHONE_B, stored.to().e164());
            assertEquals(LegState.ENDED, stored.leg(Party.TO).state());

            assertSeesOnlyDisplay(customer.messages(), PHONE_A, "13800138000", "138 0013 8000", "138-0013-8000");
            assertSeesOnlyDisplay(merchant.messages(), PHONE_B, "13900139000", "139 0013 9000", "139-0013-9000");
        });
    }

    @Test
    public void aBusyCustomerEndsTheCallbackAndTheEngineHangsUpTheMerchant() throws Exception {
        Path dir = workDir("to-busy");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-busy.xml", dir), (merchant, customer) -> {
            ApiResponse placed = post("/callbacks", "{\"from\": \"+8613800138000\", \"to\": \"+8613900139000\"}");
            assertEquals(placed.body().toString(), 201, placed.status());
            String id = placed.body().get("id").getAsString();

            assertEquals("merchant got the engine's BYE; see " + merchant.output(), 0, merchant.awaitExit());
            assertEquals("customer's phone answered busy; see " + customer.output(), 0, customer.awaitExit());

            JsonObject call = awaitEnded(id);
            assertEquals("to-busy", call.get("outcome").getAsString());
            assertEquals("system", call.get("hangupBy").getAsString());
            assertTrue(call.get("bridgedAt").isJsonNull());
            JsonArray legs = call.getAsJsonArray("legs");
            assertEquals("ended", legs.get(0).getAsJsonObject().get("state").getAsString());
            assertEquals("failed", legs.get(1).getAsJsonObject().get("state").getAsString());
            assertEquals(486, legs.get(1).getAsJsonObject().get("sipStatus").getAsInt());
            assertTrue("the merchant's ACK declines the media it offered",
                    merchant.messages().contains("m=audio 0 RTP/AVP"));
        });
    }

    @Test
    public void badRequestsGetJsonErrorsAndPlaceNoCall() throws Exception {
        assertError(post("/callbacks", "{\"from\": \"13800138000\"}"), 400, "INVALID_REQUEST");
        assertError(post("/callbacks", "{\"from\": \"12345\", \"to\": \"13900139000\"}"), 400, "INVALID_NUMBER");
        assertError(post("/callbacks", "{\"from\": \"13800138000\", \"to\": \"13900139000\", \"display\": \"+8657188889999\"}"),
                400, "INVALID_NUMBER");
        assertError(post("/callbacks", "{not json"), 400, "INVALID_REQUEST");
        assertError(post("/callbacks", "[1, 2]"), 400, "INVALID_REQUEST");
        assertError(post("/callbacks", "{\"from\": \"13800138000\", \"to\": \"13900139000\", \"ringTimeoutSeconds\": \"soon\"}"),
                400, "INVALID_REQUEST");
        assertError(get("/callbacks/c_does_not_exist"), 404, "NOT_FOUND");
    }

    private static void assertError(ApiResponse response, int status, String code) {
        assertEquals(response.body().toString(), status, response.status());
        JsonObject error = response.body().getAsJsonObject("error");
        assertNotNull(response.body().toString(), error);
        assertEquals(code, error.get("code").getAsString());
        assertFalse(error.get("message").getAsString().isBlank());
    }

    /** The phone's whole SIP conversation shows the display number and no form of the other party's. */
    private static void assertSeesOnlyDisplay(String messages, String... otherNumberForms) {
        assertTrue("the phone was shown the display number", messages.contains(DISPLAY));
        for (String form : otherNumberForms) {
            assertFalse("the phone never sees " + form, messages.contains(form));
            assertFalse("the phone never sees " + form, messages.contains(form.replaceFirst("^\\+86", "")));
        }
    }
}
