package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.BindingException;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;
import io.huibo.api.adapter.ActionScheduler;

/**
 * A restaurant's POS drives Huibo through its adapter: a queue ticket come up rings the host
 * stand and then the guest, once however often it is resent; a reservation gets its
 * confirmation call at its time; a delivery's rider and customer are bound from dispatch
 * until the order closes, and not a moment longer.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestaurantAdapterIT extends AdapterTestSupport {
    private static final String SECRET = "restaurant-itest-shared-secret";
    private static final int LEAD_SECONDS = 3;

    @Inject
    private NumberPool pool;

    @Inject
    private ActionScheduler scheduler;

    private final VendorClient pos = new VendorClient("restaurant", "X-Restaurant", SECRET);

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.restaurant.cfg", "secret", SECRET));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.restaurant.cfg", "store", "restaurant-1"));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.restaurant.cfg", "display", DISPLAY));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.restaurant.cfg", "confirmationLeadSeconds",
                String.valueOf(LEAD_SECONDS)));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-host-stand.cfg", "tenant", "default"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-host-stand.cfg", "store", "restaurant-1"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-host-stand.cfg", "role", "host"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-host-stand.cfg", "number", PHONE_A));
        return options.toArray(new Option[0]);
    }

    @Before
    public void installTheAdapter() throws Exception {
        installFeature("huibo-adapter-restaurant");
        pos.awaitMounted("queue/ready");
        try {
            pool.add(Tenant.DEFAULT, PhoneNumber.ofE164("+8657188883001"), "0571", "restaurant-1");
        } catch (BindingException added) {
            // by an earlier test of this class
        }
    }

    @Test
    public void aTableReadyTicketRingsTheHostStandThenTheGuestOnceOnly() throws Exception {
        String ready = "{\"eventId\": \"q1\", \"ticket\": \"A-17\", \"guestPhone\": \"" + PHONE_B + "\"}";
        Path dir = workDir("restaurant-table-ready");
        String[] callId = new String[1];
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir),
                (host, guest) -> {
                    HttpResponse<String> response = pos.post("queue/ready", ready);
                    assertEquals(response.body(), 201, response.statusCode());
                    callId[0] = JsonParser.parseString(response.body()).getAsJsonObject().get("callId").getAsString();
                    assertEquals("the host stand's phone saw the whole call; see " + host.output(), 0, host.awaitExit());
                    assertEquals("the guest's phone saw the whole call; see " + guest.output(), 0, guest.awaitExit());
                });
        JsonObject call = awaitEnded(callId[0]);
        assertEquals("completed", call.get("outcome").getAsString());
        assertEquals(DISPLAY, call.get("display").getAsString());

        HttpResponse<String> again = pos.post("queue/ready", ready);
        assertEquals(200, again.statusCode());
        assertTrue(again.body(), JsonParser.parseString(again.body()).getAsJsonObject().get("duplicate").getAsBoolean());
        assertEquals("a resent ticket never rings twice", 1, callsFor("restaurant-table-ready:A-17").size());
    }

    @Test
    public void aReservationIsConfirmedByCallAtItsTime() throws Exception {
        Instant at = Instant.now().plusSeconds(LEAD_SECONDS + 4);
        String reservation = "{\"eventId\": \"r1\", \"type\": \"reservation.created\", \"reservationId\": \"R-1\","
                + " \"guestPhone\": \"" + PHONE_B + "\", \"at\": \"" + at + "\"}";
        Path dir = workDir("restaurant-confirmation");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir),
                (host, guest) -> {
                    HttpResponse<String> response = pos.post("reservations/events", reservation);
                    assertEquals(response.body(), 200, response.statusCode());
                    Instant due = Instant.parse(JsonParser.parseString(response.body()).getAsJsonObject()
                            .get("confirmationAt").getAsString());
                    assertEquals(at.minusSeconds(LEAD_SECONDS), due);
                    assertTrue("no call before its time", callsFor("restaurant-confirm:R-1").isEmpty());
                    assertEquals("the host stand's phone saw the whole call; see " + host.output(), 0, host.awaitExit());
                    assertEquals("the guest's phone saw the whole call; see " + guest.output(), 0, guest.awaitExit());
                    List<JsonObject> calls = callsFor("restaurant-confirm:R-1");
                    assertEquals(1, calls.size());
                    Instant placed = Instant.parse(calls.get(0).get("createdAt").getAsString());
                    assertFalse("placed at its time, not before: " + placed, placed.isBefore(due));
                    assertEquals("completed", awaitEnded(calls.get(0).get("id").getAsString()).get("outcome").getAsString());
                });
        assertFalse("the confirmation is done", scheduler.find("restaurant", "confirm:R-1").isPresent());
    }

    @Test
    public void aCancelledReservationIsNeverCalled() throws Exception {
        // the confirmation falls due ten seconds on: time enough to cancel first on a busy machine
        Instant at = Instant.now().plusSeconds(LEAD_SECONDS + 10);
        JsonObject created = post200("reservations/events", "{\"eventId\": \"r2\", \"type\": \"reservation.created\","
                + " \"reservationId\": \"R-2\", \"guestPhone\": \"+8613700137000\", \"at\": \"" + at + "\"}");
        JsonObject cancelled = post200("reservations/events",
                "{\"eventId\": \"r3\", \"type\": \"reservation.cancelled\", \"reservationId\": \"R-2\"}");

        assertTrue(cancelled.get("confirmationCancelled").getAsBoolean());
        awaitPastDue(Instant.parse(created.get("confirmationAt").getAsString()));
        assertTrue(callsFor("restaurant-confirm:R-2").isEmpty());
    }

    @Test
    public void aDeliverysRiderAndCustomerAreBoundUntilTheOrderClosesAndNoLonger() throws Exception {
        JsonObject dispatched = post200("deliveries/events", "{\"eventId\": \"d1\", \"type\": \"order.dispatched\","
                + " \"orderId\": \"O-9\", \"riderPhone\": \"+8613700137000\", \"customerPhone\": \"13600136000\"}");

        JsonObject binding = bindingsOf("O-9").get(0).getAsJsonObject();
        assertEquals(dispatched.get("bindingId").getAsString(), binding.get("id").getAsString());
        assertEquals("active", binding.get("state").getAsString());
        assertEquals(dispatched.get("x").getAsString(), binding.get("x").getAsString());

        JsonObject closed = post200("deliveries/events", "{\"eventId\": \"d2\", \"type\": \"order.closed\", \"orderId\": \"O-9\"}");

        assertEquals(1, closed.get("bindingsDeleted").getAsInt());
        assertEquals("ended at once, not at its time to live", "deleted",
                bindingsOf("O-9").get(0).getAsJsonObject().get("state").getAsString());

        HttpResponse<String> bad = pos.post("deliveries/events", "{\"eventId\": \"d3\", \"type\": \"order.dispatched\","
                + " \"orderId\": \"O-10\", \"riderPhone\": \"+8613700137000\", \"customerPhone\": \"0\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("INVALID_NUMBER", JsonParser.parseString(bad.body()).getAsJsonObject().getAsJsonObject("error")
                .get("code").getAsString());
        assertEquals(0, bindingsOf("O-10").size());
    }

    @Test
    public void aSignedEventGetsInOnceAndOnlyAsSigned() throws Exception {
        String path = "reservations/events";
        String body = "{\"eventId\": \"s1\", \"type\": \"reservation.cancelled\", \"reservationId\": \"R-404\"}";
        long now = Instant.now().getEpochSecond();
        Map<String, String> signed = pos.sign("POST", path, body, now);
        HttpResponse<String> first = pos.post(path, body, signed);
        assertEquals(first.body(), 200, first.statusCode());

        HttpResponse<String> replayed = pos.post(path, body, signed);
        assertEquals("refused before the event ledger could call it a duplicate: " + replayed.body(), 401,
                replayed.statusCode());
        assertEquals("UNAUTHORIZED", JsonParser.parseString(replayed.body()).getAsJsonObject().getAsJsonObject("error")
                .get("code").getAsString());
        assertEquals("signed for another path", 401,
                pos.post(path, body, pos.sign("POST", "deliveries/events", body, now)).statusCode());
        assertEquals("signed for another method", 401, pos.post(path, body, pos.sign("PUT", path, body, now)).statusCode());
        assertEquals("signed for another query", 401,
                pos.send("POST", path + "?store=2", body, pos.sign("POST", path + "?store=1", body, now)).statusCode());
        assertEquals("stale", 401, pos.post(path, body, pos.sign("POST", path, body, now - 301)).statusCode());
        HttpResponse<String> query = pos.send("POST", path + "?store=1", body, pos.sign("POST", path + "?store=1", body, now));
        assertEquals("signed with its query, a request gets in: " + query.body(), 200, query.statusCode());
    }

    private JsonObject post200(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = pos.post(path, json);
        assertEquals(response.body(), 200, response.statusCode());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }
}
