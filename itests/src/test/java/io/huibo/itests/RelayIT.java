package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.huibo.api.Binding;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.Call;
import io.huibo.api.CallEvents;
import io.huibo.api.CallKind;
import io.huibo.api.Direction;
import io.huibo.api.HangupBy;
import io.huibo.api.NumberPool;
import io.huibo.api.Outcome;
import io.huibo.api.Party;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;

/**
 * A customer and a merchant call each other through a virtual number X while their binding
 * lives: SIPp callers dial X from the trunk's address, SIPp phones answer as the bound party,
 * and neither ever sees the other's number.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RelayIT extends HuiboTestSupport {
    private static final String STRANGER = "+8613700137000";

    @Inject
    private NumberPool pool;

    @Inject
    private BindingService bindings;

    private static int nextX = 1;

    private final List<ServiceRegistration<EventHandler>> registrations = new CopyOnWriteArrayList<>();

    /** A fresh pool number for each test, so that bindings of one test never meet another's. */
    private PhoneNumber newX() {
        PhoneNumber x = PhoneNumber.ofE164(String.format("+86571888810%02d", nextX++));
        pool.add(Tenant.DEFAULT, x, "0571", "s1");
        return x;
    }

    private Binding bind(BindingMode mode, String b, int ttlSeconds, Direction direction, PhoneNumber x) {
        return bindings.bind(new BindingRequest(Tenant.DEFAULT, mode, PhoneNumber.ofE164(PHONE_A), b == null ? null : PhoneNumber.ofE164(b),
                ttlSeconds, "0571", direction, "order-" + x.e164(), x));
    }

    @Test
    public void aAndBReachEachOtherThroughXAndNeitherEverSeesTheOthersNumber() throws Exception {
        PhoneNumber x = newX();
        Binding binding = bind(BindingMode.AXB, PHONE_B, 300, Direction.BOTH, x);
        List<Call> records = endedCalls();
        Path dir = workDir("relay-both-ways");

        SippPhone b = phone(PHONE_B, "phone-answer-wait-bye.xml", dir.resolve("a-calls"));
        SippPhone a = caller("caller-relay.xml", "127.0.0.1", PHONE_A, x.e164(), dir.resolve("a-calls"));
        try {
            assertEquals("A's call through X completed; see " + a.output(), 0, a.awaitExit());
            assertEquals("B answered A's call; see " + b.output(), 0, b.awaitExit());
            assertNeverSees(b.messages(), "13800138000");
            assertNeverSees(a.messages(), "13900139000");
            assertTrue("B was shown X", b.messages().contains(x.e164()));
        } finally {
            a.stop();
            b.stop();
        }

        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir.resolve("b-calls")), caller("caller-relay.xml", "127.0.0.1", PHONE_B, x.e164(), dir.resolve("b-calls")), (a2, b2) -> {
            assertEquals("B's call through X completed; see " + b2.output(), 0, b2.awaitExit());
            assertEquals("A answered B's call; see " + a2.output(), 0, a2.awaitExit());
            assertNeverSees(a2.messages(), "13900139000");
            assertNeverSees(b2.messages(), "13800138000");
        });
        awaitRecords(records, 2);
        for (Call call : records) {
            assertEquals(CallKind.RELAY, call.kind());
            assertEquals(binding.id(), call.bindingId());
            assertEquals(Outcome.COMPLETED, call.outcome());
            assertEquals(x, call.display());
        }
        assertEquals(PhoneNumber.ofE164(PHONE_B), records.get(0).to());
        assertEquals(PhoneNumber.ofE164(PHONE_A), records.get(1).to());
    }

    /** The final records of the calls that end from now on, as the engine posts them. */
    private List<Call> endedCalls() {
        List<Call> calls = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> topic = new Hashtable<>();
        topic.put(EventConstants.EVENT_TOPIC, CallEvents.TOPIC_PREFIX + "ENDED");
        registrations.add(bundleContext.registerService(EventHandler.class,
                e -> calls.add((Call) e.getProperty(CallEvents.CALL)), topic));
        return calls;
    }

    private static void awaitRecords(List<Call> records, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (records.size() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(records.toString(), count, records.size());
    }

    @After
    public void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }

    @Test
    public void withoutAnActiveBindingTheCallIsRefused404AndAnExpiredOneStopsAtTheSecond() throws Exception {
        PhoneNumber x = newX();
        Path dir = workDir("relay-unbound");
        List<Call> records = endedCalls();
        assertEquals(0, caller("caller-expects-404.xml", "127.0.0.1", PHONE_A, x.e164(), dir.resolve("unbound")).awaitExit());
        awaitRecords(records, 1);
        assertEquals("the refused attempt is recorded", CallKind.RELAY, records.get(0).kind());
        assertEquals(Outcome.FAILED, records.get(0).outcome());
        assertEquals(Integer.valueOf(404), records.get(0).leg(Party.FROM).sipStatus());

        Binding binding = bind(BindingMode.AXB, PHONE_B, 2, Direction.BOTH, x);
        long expiry = binding.expiresAt().toEpochMilli();
        while (System.currentTimeMillis() < expiry) {
            Thread.sleep(20);
        }
        SippPhone late = caller("caller-expects-404.xml", "127.0.0.1", PHONE_A, x.e164(), dir.resolve("expired"));
        assertEquals("a call right after expiry is refused; see " + late.output(), 0, late.awaitExit());
    }

    @Test
    public void aCallerWhoGivesUpWhileBRingsCancelsB() throws Exception {
        PhoneNumber x = newX();
        Binding binding = bind(BindingMode.AXB, PHONE_B, 300, Direction.BOTH, x);
        List<Call> records = endedCalls();
        Path dir = workDir("relay-cancel");
        SippPhone b = phone(PHONE_B, "phone-ring-no-answer.xml", dir);
        SippPhone a = caller("caller-relay-cancel.xml", "127.0.0.1", PHONE_A, x.e164(), dir);
        try {
            assertEquals("A's CANCEL was answered 200 and the INVITE 487; see " + a.output(), 0, a.awaitExit());
            assertEquals("B's ringing was cancelled; see " + b.output(), 0, b.awaitExit());
        } finally {
            a.stop();
            b.stop();
        }
        awaitRecords(records, 1);
        assertEquals(binding.id(), records.get(0).bindingId());
        assertEquals(Outcome.CANCELLED, records.get(0).outcome());
        assertEquals(HangupBy.FROM, records.get(0).hangupBy());
    }

    /** RFC 3261 §13.3.1.4: a 2xx unacknowledged for 64*T1 (32 s) ends the session, and B is not left on an open line. */
    @Test
    public void aCallerWhoNeverAcknowledgesTheAnswerHasBReleased() throws Exception {
        PhoneNumber x = newX();
        Binding binding = bind(BindingMode.AXB, PHONE_B, 300, Direction.BOTH, x);
        List<Call> records = endedCalls();
        Path dir = workDir("relay-no-ack");
        withPhones(phone(PHONE_B, "phone-answer-wait-bye.xml", dir),
                caller("caller-relay-no-ack.xml", "127.0.0.1", PHONE_A, x.e164(), dir), (b, a) -> {
                    assertEquals("B was hung up; see " + b.output(), 0, b.awaitExit());
                    assertEquals("the caller was answered; see " + a.output(), 0, a.awaitExit());
                });
        awaitRecords(records, 1);
        assertEquals(binding.id(), records.get(0).bindingId());
        assertEquals(Outcome.FAILED, records.get(0).outcome());
        assertEquals(HangupBy.SYSTEM, records.get(0).hangupBy());
    }

    @Test
    public void aDirectionThatForbidsTheCallerGets403() throws Exception {
        PhoneNumber x = newX();
        bind(BindingMode.AXB, PHONE_B, 300, Direction.A_TO_B, x);
        SippPhone b = caller("caller-expects-403.xml", "127.0.0.1", PHONE_B, x.e164(), workDir("relay-direction"));
        assertEquals("B may not call A through an a-to-b binding; see " + b.output(), 0, b.awaitExit());
    }

    @Test
    public void withAxnAnyoneCallingXReachesA() throws Exception {
        PhoneNumber x = newX();
        bind(BindingMode.AXN, null, 300, Direction.BOTH, x);
        Path dir = workDir("relay-axn");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), caller("caller-relay.xml", "127.0.0.1", STRANGER, x.e164(), dir), (a, stranger) -> {
            assertEquals("the stranger got through; see " + stranger.output(), 0, stranger.awaitExit());
            assertEquals("A answered; see " + a.output(), 0, a.awaitExit());
            assertNeverSees(a.messages(), "13700137000");
            assertNeverSees(stranger.messages(), "13800138000");
        });
    }

    /** No form of the number appears: E.164, national, or national with spaces or hyphens. */
    private static void assertNeverSees(String messages, String national) {
        String spaced = national.substring(0, 3) + " " + national.substring(3, 7) + " " + national.substring(7);
        for (String form : List.of("+86" + national, national, spaced, spaced.replace(' ', '-'))) {
            assertFalse("the phone's messages never carry " + form, messages.contains(form));
        }
    }
}
