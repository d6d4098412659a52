package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.google.gson.JsonObject;

import io.huibo.api.Call;
import io.huibo.api.CallEvents;
import io.huibo.api.CallKind;
import io.huibo.api.CallState;
import io.huibo.api.CallStore;
import io.huibo.api.EngineStatus;
import io.huibo.api.HangupBy;
import io.huibo.api.Leg;
import io.huibo.api.LegState;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;
import io.huibo.api.spi.CallWriter;

/**
 * The engine's life around its calls: a few hundred calls leave nothing open behind them; a
 * stop ends calls cleanly; calls a crash left open are closed at the next start.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EngineLifecycleIT extends HuiboTestSupport {
    private static final int CALLS = 200;

    @Inject
    private CallStore store;
    @Inject
    private CallWriter writer;

    @Test
    public void aFewHundredCallsLeaveNoDialogTransactionTimerOrThreadBehind() throws Exception {
        int threadsBefore = Thread.activeCount();
        Path dir = workDir("many-calls");
        SippPhone a = phone(PHONE_A, "phone-answer-wait-bye.xml", dir, CALLS);
        SippPhone b = phone(PHONE_B, "phone-answer-hangup.xml", dir, CALLS);
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < CALLS; i++) {
                ids.add(placeCallback(""));
                Thread.sleep(10); // about 100 callbacks a second: a bounded, modest load
            }
            assertEquals("the merchant phone took every call; see " + a.output(), 0, a.awaitExit());
            assertEquals("the customer phone took every call; see " + b.output(), 0, b.awaitExit());
        } finally {
            a.stop();
            b.stop();
        }
        for (String id : ids) {
            JsonObject call = awaitEnded(id);
            assertEquals(call.toString(), "completed", call.get("outcome").getAsString());
        }

        // transactions outlive their call by their RFC 3261 timers (Timer J: 32 s over UDP)
        long deadline = System.currentTimeMillis() + 60_000;
        EngineStatus status = engine().status();
        while (!drained(status) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            status = engine().status();
        }
        assertEquals(status.toString(), 0, status.activeCalls());
        assertEquals(status.toString(), 0, status.openDialogs());
        assertEquals(status.toString(), 0, status.openTransactions());
        assertEquals(status.toString(), 0, status.pendingTimers());
        assertTrue("threads did not grow with the calls: " + threadsBefore + " before, " + Thread.activeCount() + " after",
                Thread.activeCount() <= threadsBefore + 5);
    }

    private static boolean drained(EngineStatus s) {
        return s.activeCalls() == 0 && s.openDialogs() == 0 && s.openTransactions() == 0 && s.pendingTimers() == 0;
    }

    @Test
    public void stoppingTheEngineEndsItsCallsWithByesAndFinalRecords() throws Exception {
        Path dir = workDir("graceful-stop");
        SippPhone a = phone(PHONE_A, "phone-answer-wait-bye.xml", dir);
        SippPhone b = phone(PHONE_B, "phone-answer-wait-bye.xml", dir);
        Bundle engineBundle = findBundle("huibo-engine");
        try {
            String id = placeCallback("");
            awaitCall(id, c -> inState(c, "bridged"), "bridged");
            engineBundle.stop();
            assertEquals("the merchant got a BYE; see " + a.output(), 0, a.awaitExit());
            assertEquals("the customer got a BYE; see " + b.output(), 0, b.awaitExit());
            Call call = store.find(id).orElseThrow();
            assertEquals(CallState.ENDED, call.state());
            assertEquals(Outcome.COMPLETED, call.outcome());
            assertEquals(HangupBy.SYSTEM, call.hangupBy());
            assertEquals(LegState.ENDED, call.leg(Party.FROM).state());
            assertEquals(LegState.ENDED, call.leg(Party.TO).state());
        } finally {
            a.stop();
            b.stop();
            awaitApiServletGone();
            engineBundle.start();
            awaitHuibo();
        }
    }

    @Test
    public void callsACrashLeftOpenAreClosedWhenTheEngineStarts() throws Exception {
        Instant then = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        String id = "c_left_by_a_crash";
        writer.save(new Call(id, Tenant.DEFAULT, CallKind.CALLBACK, null, CallState.BRIDGED, PhoneNumber.ofE164(PHONE_A), PhoneNumber.ofE164(PHONE_B),
                PhoneNumber.ofE164(DISPLAY), null, null,
                List.of(new Leg(Party.FROM, LegState.ANSWERED, then, then, then, null, 200),
                        new Leg(Party.TO, LegState.ANSWERED, then, then, then, null, 200)),
                then, then, null, null, null));

        List<Event> ended = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Hashtable<String, Object> topic = new java.util.Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, CallEvents.topic(CallState.ENDED));
        ServiceRegistration<EventHandler> listening = bundleContext.registerService(EventHandler.class, ended::add, topic);
        Bundle engineBundle = findBundle("huibo-engine");
        try {
            engineBundle.stop();
            awaitApiServletGone();
            engineBundle.start();
            awaitHuibo();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            while (ended.stream().noneMatch(e -> id.equals(e.getProperty(CallEvents.CALL_ID))) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            listening.unregister();
        }
        assertTrue("the closing is announced, so webhooks send call.ended",
                ended.stream().anyMatch(e -> id.equals(e.getProperty(CallEvents.CALL_ID))));

        Call closed = store.find(id).orElseThrow();
        assertEquals(CallState.ENDED, closed.state());
        assertEquals(Outcome.FAILED, closed.outcome());
        assertEquals(HangupBy.SYSTEM, closed.hangupBy());
        assertTrue(closed.endedAt().isAfter(then));
        assertEquals(LegState.ENDED, closed.leg(Party.TO).state());
        JsonObject viaApi = get("/callbacks/" + id).body();
        assertEquals("ended", viaApi.get("state").getAsString());
    }
}
