package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.CallEvents;
import io.huibo.api.Direction;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;

/**
 * Anti-harassment rules hold for callbacks and relayed calls alike: a pair's daily cap, and a
 * blacklist of numbers that may neither be called nor call in. Blocked attempts are recorded.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyIT extends HuiboTestSupport {
    private static final String BLACKLISTED = "+8613600136000";

    @Inject
    private NumberPool pool;

    @Inject
    private BindingService bindings;

    private final List<ServiceRegistration<EventHandler>> registrations = new CopyOnWriteArrayList<>();

    @Override
    @Configuration
    public Option[] config() throws IOException {
        Option[] base = super.config();
        Option[] all = Arrays.copyOf(base, base.length + 2);
        all[base.length] = editConfigurationFilePut("etc/io.huibo.policy.cfg", "dailyCapPerPair", "1");
        all[base.length + 1] = editConfigurationFilePut("etc/io.huibo.policy.cfg", "blacklist", BLACKLISTED);
        return all;
    }

    @Test
    public void aPairPastItsDailyCapIsBlockedAndTheAttemptRecorded() throws Exception {
        List<Event> ended = listen(CallEvents.TOPIC_PREFIX + "ENDED");
        Path dir = workDir("cap");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-hangup.xml", dir), (a, b) -> {
            String first = placeCallback("");
            assertEquals(0, a.awaitExit());
            assertEquals(0, b.awaitExit());
            assertEquals("completed", awaitEnded(first).get("outcome").getAsString());
        });
        ApiResponse second = post("/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\"}");
        assertEquals(second.body().toString(), 403, second.status());
        assertEquals("POLICY_BLOCKED", second.body().getAsJsonObject("error").get("code").getAsString());
        assertTrue("the blocked attempt is recorded", ended.stream().anyMatch(e -> "blocked".equals(e.getProperty(CallEvents.OUTCOME))));

        ApiResponse otherPair = post("/callbacks", "{\"from\": \"" + PHONE_B + "\", \"to\": \"" + BLACKLISTED + "\"}");
        assertEquals("a blacklisted number may not be called", 403, otherPair.status());
    }

    @Test
    public void aBlacklistedNumberCannotCallInThroughABinding() throws Exception {
        PhoneNumber x = PhoneNumber.ofE164("+8657188881099");
        pool.add(Tenant.DEFAULT, x, "0571", "s1");
        bindings.bind(new BindingRequest(Tenant.DEFAULT, BindingMode.AXN, PhoneNumber.ofE164(PHONE_A), null, 300, "0571",
                Direction.BOTH, null, x));
        SippPhone caller = caller("caller-expects-403.xml", "127.0.0.1", BLACKLISTED, x.e164(), workDir("blacklist"));
        assertEquals("the blacklisted caller is refused 403; see " + caller.output(), 0, caller.awaitExit());
    }

    private List<Event> listen(String topic) {
        List<Event> events = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, topic);
        registrations.add(bundleContext.registerService(EventHandler.class, events::add, properties));
        return events;
    }

    @After
    public void unregister() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
