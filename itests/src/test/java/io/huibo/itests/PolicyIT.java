package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
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
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.ApiKey;
import io.huibo.api.BindingMode;
import io.huibo.api.BindingRequest;
import io.huibo.api.BindingService;
import io.huibo.api.CallEvents;
import io.huibo.api.Direction;
import io.huibo.api.Issued;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/**
 * Anti-harassment rules hold for callbacks and relayed calls alike: a pair's daily cap, a
 * blacklist of numbers that may neither be called nor call in, and quiet hours, globally or a
 * tenant's own. Blocked attempts are recorded.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PolicyIT extends HuiboTestSupport {
    private static final String BLACKLISTED = "+8613600136000";

    @Inject
    private NumberPool pool;

    @Inject
    private BindingService bindings;

    @Inject
    private TenantService tenants;

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
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ended.stream().noneMatch(e -> "blocked".equals(e.getProperty(CallEvents.OUTCOME))) && System.nanoTime() < deadline) {
            Thread.sleep(50); // events are posted asynchronously
        }
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

    @Test
    public void aTenantsOwnQuietHoursBlockItsCallbacksAloneAndAreRecorded() throws Exception {
        tenants.createTenant("night-shop", "Night shop", "CN", null);
        pool.add("night-shop", PhoneNumber.ofE164("+8657188881088"), "0571", "ns-1");
        Issued<ApiKey> key = tenants.createKey("night-shop", EnumSet.of(Right.CALLS));
        ApiClient nightShop = new ApiClient(key.value().id(), key.secret());
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        org.osgi.service.cm.Configuration rules = configAdmin.createFactoryConfiguration("io.huibo.policy.tenant", "?");
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("tenant", "night-shop");
        properties.put("zone", "UTC");
        properties.put("quietHoursStart", now.minusHours(1).withSecond(0).withNano(0).toString());
        properties.put("quietHoursEnd", now.plusHours(1).withSecond(0).withNano(0).toString());
        properties.put("dailyCapPerPair", "0");
        rules.update(properties);
        try {
            // not by probing with callbacks: each one placed before the rules applied would ring later tests' phones
            awaitTenantPolicy("night-shop");
            String callback = "{\"from\": \"" + PHONE_B + "\", \"to\": \"" + PHONE_A + "\"}";
            HttpResponse<String> blocked = nightShop.send("POST", "/callbacks", callback, Map.of());
            assertEquals(blocked.body(), 403, blocked.statusCode());
            JsonObject error = JsonParser.parseString(blocked.body()).getAsJsonObject().getAsJsonObject("error");
            assertEquals("POLICY_BLOCKED", error.get("code").getAsString());
            assertTrue(error.get("message").getAsString(), error.get("message").getAsString().contains("quiet hours"));
            JsonObject records = JsonParser.parseString(nightShop.send("GET", "/calls", null, Map.of()).body()).getAsJsonObject();
            assertEquals("the blocked attempt is in the tenant's records", "blocked",
                    records.getAsJsonArray("items").get(0).getAsJsonObject().get("outcome").getAsString());

            Path dir = workDir("quiet-elsewhere");
            SippPhone busy = phone(PHONE_B, "phone-busy.xml", dir);
            try {
                ApiResponse others = post("/callbacks", callback);
                assertEquals("the default tenant keeps the global rules: " + others.body(), 201, others.status());
                assertEquals(0, busy.awaitExit());
                awaitEnded(others.body().get("id").getAsString());
            } finally {
                busy.stop();
            }
        } finally {
            rules.delete();
        }
    }

    /** Waits until the engine's policy has bound {@code tenant}'s own rules: the service their configuration makes. */
    private void awaitTenantPolicy(String tenant) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            // internal to the engine, hence not type-checked against this bundle
            ServiceReference<?>[] policies = bundleContext.getAllServiceReferences(
                    "io.huibo.engine.internal.TenantPolicy", "(tenant=" + tenant + ")");
            if (policies != null && policies[0].getUsingBundles() != null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the engine did not take " + tenant + "'s policy within 10 s");
            }
            Thread.sleep(50);
        }
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
