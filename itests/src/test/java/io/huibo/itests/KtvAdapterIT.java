package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * A KTV's room system drives Huibo through its adapter, installed as an operator would: a guest
 * late for a booking gets the front desk's masked callback, a guest who checked in does not, a
 * resent event never rings twice, the guest-front desk binding lives for the booking and ends
 * on cancellation, and the room-service button gets its token.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KtvAdapterIT extends AdapterTestSupport {
    private static final String SECRET = "ktv-itest-shared-secret";
    private static final String ROOM_PHONE = "+8657188881801";

    @Inject
    private NumberPool pool;

    @Inject
    private ActionScheduler scheduler;

    private final VendorClient roomSystem = new VendorClient("ktv", "X-Ktv", SECRET);

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "secret", SECRET));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "store", "ktv-1"));
        // seconds, so that a booking starting now is overdue within the test
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "noShowAfterSeconds", "2"));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "display", DISPLAY));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "roomPhones", "801=" + ROOM_PHONE));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-ktv-desk.cfg", "tenant", "default"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-ktv-desk.cfg", "store", "ktv-1"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-ktv-desk.cfg", "role", "front-desk"));
        options.add(editConfigurationFilePut("etc/io.huibo.staff-ktv-desk.cfg", "number", PHONE_A));
        return options.toArray(new Option[0]);
    }

    @Before
    public void installTheAdapter() throws Exception {
        installFeature("huibo-adapter-ktv");
        roomSystem.awaitMounted("bookings/events");
        // the front desk is A of every booking's binding: one X each
        for (String x : List.of("+8657188882001", "+8657188882002", "+8657188882003", "+8657188882004")) {
            try {
                pool.add(Tenant.DEFAULT, PhoneNumber.ofE164(x), "0571", "ktv-1");
            } catch (BindingException added) {
                // by an earlier test of this class
            }
        }
    }

    @Test
    public void aGuestNotCheckedInGetsTheFrontDesksCallbackOnceOnly() throws Exception {
        Instant start = Instant.now().plusSeconds(2);
        String created = booking("k1", "booking.created", "B-1", PHONE_B, start, start.plus(Duration.ofHours(2)));
        Path dir = workDir("ktv-no-show");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir),
                (desk, guest) -> {
                    HttpResponse<String> response = roomSystem.post("bookings/events", created);
                    assertEquals(response.body(), 200, response.statusCode());
                    assertTrue("no call before the booking is overdue", callsFor("ktv-no-show:B-1").isEmpty());
                    assertEquals("the front desk's phone saw the whole call; see " + desk.output(), 0, desk.awaitExit());
                    assertEquals("the guest's phone saw the whole call; see " + guest.output(), 0, guest.awaitExit());
                });
        List<JsonObject> calls = callsFor("ktv-no-show:B-1");
        assertEquals(1, calls.size());
        JsonObject call = awaitEnded(calls.get(0).get("id").getAsString());
        assertEquals("completed", call.get("outcome").getAsString());
        assertEquals(DISPLAY, call.get("display").getAsString());
        assertFalse("the check is done", scheduler.find("ktv", "no-show:B-1").isPresent());

        HttpResponse<String> again = roomSystem.post("bookings/events", created);
        assertEquals(200, again.statusCode());
        assertTrue(again.body(), JsonParser.parseString(again.body()).getAsJsonObject().get("duplicate").getAsBoolean());
        assertFalse("a duplicate schedules nothing", scheduler.find("ktv", "no-show:B-1").isPresent());
        Thread.sleep(4000); // past when a second check would have fallen due
        assertEquals("a resent event never rings twice", 1, callsFor("ktv-no-show:B-1").size());
    }

    @Test
    public void aGuestWhoCheckedInGetsNoCall() throws Exception {
        // the check falls due ten seconds on, noShowAfterSeconds past the start: time enough to check in first
        Instant start = Instant.now().plusSeconds(8);
        JsonObject created = post200(booking("k2", "booking.created", "B-2", "+8613700137000", start,
                start.plus(Duration.ofHours(2))));
        assertTrue(scheduler.find("ktv", "no-show:B-2").isPresent());

        JsonObject checkedIn = post200(status("k3", "booking.checked-in", "B-2"));

        assertTrue(checkedIn.get("noShowCheckCancelled").getAsBoolean());
        assertFalse(scheduler.find("ktv", "no-show:B-2").isPresent());
        awaitPastDue(Instant.parse(created.get("noShowCheckAt").getAsString()));
        assertTrue(callsFor("ktv-no-show:B-2").isEmpty());
    }

    @Test
    public void theGuestFrontDeskBindingLivesForTheBookingAndEndsOnCancellation() throws Exception {
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofHours(3));
        JsonObject created = post200(booking("k4", "booking.created", "B-3", "+8613600136000", start, end));

        JsonObject binding = bindingsOf("B-3").get(0).getAsJsonObject();
        assertEquals(created.get("bindingId").getAsString(), binding.get("id").getAsString());
        assertEquals("active", binding.get("state").getAsString());
        assertEquals("AXB", binding.get("mode").getAsString());
        assertTrue(binding.toString(), Math.abs(Duration.between(end, Instant.parse(binding.get("expiresAt").getAsString()))
                .toSeconds()) <= 2);

        JsonObject cancelled = post200(status("k5", "booking.cancelled", "B-3"));

        assertEquals(1, cancelled.get("bindingsDeleted").getAsInt());
        assertEquals("deleted", bindingsOf("B-3").get(0).getAsJsonObject().get("state").getAsString());
        assertFalse(scheduler.find("ktv", "no-show:B-3").isPresent());
        assertEquals("an unknown booking's cancellation is answered 200 all the same", 0,
                post200(status("k6", "booking.cancelled", "B-404")).get("bindingsDeleted").getAsInt());
    }

    @Test
    public void badOrUnsignedEventsAreRefusedAndChangeNothing() throws Exception {
        String missingGuest = "{\"eventId\": \"k7\", \"type\": \"booking.created\", \"bookingId\": \"B-4\", \"room\": \"801\","
                + " \"start\": \"2099-01-01T20:00:00+08:00\", \"end\": \"2099-01-01T23:00:00+08:00\"}";
        HttpResponse<String> refused = roomSystem.post("bookings/events", missingGuest);
        assertEquals(400, refused.statusCode());
        JsonObject error = JsonParser.parseString(refused.body()).getAsJsonObject().getAsJsonObject("error");
        assertEquals("INVALID_REQUEST", error.get("code").getAsString());
        assertTrue(error.get("message").getAsString(), error.get("message").getAsString().contains("guestPhone"));

        String unknownType = status("k8", "booking.moved", "B-4");
        assertEquals(400, roomSystem.post("bookings/events", unknownType).statusCode());
        String forged = booking("k9", "booking.created", "B-4", PHONE_B, Instant.now().plusSeconds(60),
                Instant.now().plusSeconds(3600));
        Map<String, String> otherBody = roomSystem.sign("POST", "bookings/events", forged + " ", Instant.now().getEpochSecond());
        assertEquals(401, roomSystem.post("bookings/events", forged, otherBody).statusCode());
        assertEquals(0, bindingsOf("B-4").size());
        assertFalse(scheduler.find("ktv", "no-show:B-4").isPresent());
    }

    @Test
    public void theRoomServiceButtonGetsATokenForItsRoom() throws Exception {
        HttpResponse<String> minted = roomSystem.post("room-service/button-token", "{\"room\": \"801\"}");
        assertEquals(minted.body(), 201, minted.statusCode());
        JsonObject token = JsonParser.parseString(minted.body()).getAsJsonObject();
        assertFalse(token.get("token").getAsString().isEmpty());
        assertTrue(Instant.parse(token.get("expiresAt").getAsString()).isAfter(Instant.now()));
        assertFalse("the token shows no number", minted.body().contains(ROOM_PHONE.substring(1))
                || minted.body().contains(PHONE_A.substring(1)));

        assertEquals(404, roomSystem.post("room-service/button-token", "{\"room\": \"999\"}").statusCode());
        assertEquals(401, roomSystem.post("room-service/button-token", "{\"room\": \"801\"}", null).statusCode());
    }

    @Test
    public void aSignedRequestGetsInOnceAndOnlyAsSigned() throws Exception {
        String path = "room-service/button-token";
        String body = "{\"room\": \"801\"}";
        long now = Instant.now().getEpochSecond();
        Map<String, String> signed = roomSystem.sign("POST", path, body, now);
        assertEquals(201, roomSystem.post(path, body, signed).statusCode());

        HttpResponse<String> replayed = roomSystem.post(path, body, signed);
        assertUnauthorized("a captured request sent again mints no second token", replayed);
        assertTrue(replayed.body(), replayed.body().contains("nonce"));
        assertUnauthorized("signed for another method", roomSystem.post(path, body, roomSystem.sign("GET", path, body, now)));
        assertUnauthorized("signed for another path",
                roomSystem.post(path, body, roomSystem.sign("POST", "bookings/events", body, now)));
        assertUnauthorized("signed without the query sent",
                roomSystem.send("POST", path + "?room=802", body, roomSystem.sign("POST", path, body, now)));
        assertUnauthorized("stale", roomSystem.post(path, body, roomSystem.sign("POST", path, body, now - 301)));
        assertUnauthorized("from the future", roomSystem.post(path, body, roomSystem.sign("POST", path, body, now + 301)));
        assertUnauthorized("now - 2^63, which naive arithmetic wraps to now",
                roomSystem.post(path, body, roomSystem.sign("POST", path, body, now + Long.MIN_VALUE)));
        assertEquals("a fresh signature still gets in", 201, roomSystem.post(path, body).statusCode());
    }

    private static void assertUnauthorized(String why, HttpResponse<String> response) {
        assertEquals(why + ": " + response.body(), 401, response.statusCode());
        assertEquals("UNAUTHORIZED", JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("error")
                .get("code").getAsString());
    }

    private JsonObject post200(String json) throws IOException, InterruptedException {
        HttpResponse<String> response = roomSystem.post("bookings/events", json);
        assertEquals(response.body(), 200, response.statusCode());
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static String booking(String eventId, String type, String bookingId, String guest, Instant start, Instant end) {
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"" + type + "\", \"bookingId\": \"" + bookingId
                + "\", \"guestPhone\": \"" + guest + "\", \"room\": \"801\", \"start\": \"" + start + "\", \"end\": \"" + end + "\"}";
    }

    private static String status(String eventId, String type, String bookingId) {
        return "{\"eventId\": \"" + eventId + "\", \"type\": \"" + type + "\", \"bookingId\": \"" + bookingId + "\"}";
    }
}
