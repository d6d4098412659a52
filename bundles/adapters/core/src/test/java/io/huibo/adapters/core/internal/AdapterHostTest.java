package io.huibo.adapters.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.huibo.api.adapter.Adapter;
import io.huibo.api.adapter.ButtonSpec;
import io.huibo.api.adapter.Endpoint;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.store.internal.JdbcScheduledActionStore;
import io.huibo.store.internal.KeyedRecordVault;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** The host's runner against the real action store on a real database, with a recording adapter. */
@DatabaseTest
class AdapterHostTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private JdbcScheduledActionStore store;
    private AdapterHost host;
    private final MovableClock clock = new MovableClock(T0);

    /** An adapter that records what it ran, failing while told to. */
    private static final class Recorder implements Adapter {
        final List<String> ran = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public String vendorId() {
            return "ktv";
        }

        @Override
        public List<Endpoint> endpoints() {
            return List.of();
        }

        @Override
        public List<String> mappedEvents() {
            return List.of();
        }

        @Override
        public List<ButtonSpec> buttons() {
            return List.of();
        }

        @Override
        public void run(ScheduledAction action) {
            if (failing) {
                throw new IllegalStateException("the vendor's system is down");
            }
            ran.add(action.key());
        }
    }

    @BeforeEach
    void start() throws Exception {
        DataSource dataSource = TestDatabase.create();
        store = new JdbcScheduledActionStore(dataSource, new KeyedRecordVault(new byte[32]));
        host = new AdapterHost(store, null, clock);
    }

    @AfterEach
    void stop() {
        host.deactivate();
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Adapter> from(long bundleId) {
        Bundle bundle = (Bundle) java.lang.reflect.Proxy.newProxyInstance(Bundle.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> method.getName().equals("getBundleId") ? bundleId : null);
        return (ServiceReference<Adapter>) java.lang.reflect.Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> method.getName().equals("getBundle") ? bundle : null);
    }

    @Test
    void aDueActionRunsOnceAndIsGoneAndALaterOneWaits() {
        Recorder ktv = new Recorder();
        host.addAdapter(ktv, from(7));
        store.schedule("ktv", "noshow:b1", "t1", T0, "{}");
        store.schedule("ktv", "noshow:b2", "t1", T0.plusSeconds(60), "{}");
        host.runDue();
        host.runDue();
        assertEquals(List.of("noshow:b1"), ktv.ran);
        assertEquals(List.of("noshow:b2"), store.pending("ktv").stream().map(ScheduledAction::key).toList());
        clock.now = T0.plusSeconds(60);
        host.runDue();
        assertEquals(List.of("noshow:b1", "noshow:b2"), ktv.ran);
        assertTrue(store.pending("ktv").isEmpty());
    }

    @Test
    void aFailedActionIsRetriedWithBackoffAndAnAbsentAdaptersActionsWait() {
        Recorder ktv = new Recorder();
        store.schedule("ktv", "noshow:b1", "t1", T0, "{}");
        host.runDue();
        assertEquals(1, store.pending("ktv").size(), "no adapter, nothing run: it waits for the adapter");

        host.addAdapter(ktv, from(7));
        ktv.failing = true;
        host.runDue();
        assertEquals(1, store.find("ktv", "noshow:b1").orElseThrow().attempts());
        ktv.failing = false;
        host.runDue();
        assertTrue(ktv.ran.isEmpty(), "not before its backoff");
        clock.now = T0.plus(AdapterHost.backoff(0));
        host.runDue();
        assertEquals(List.of("noshow:b1"), ktv.ran);

        host.removeAdapter(ktv);
        store.schedule("ktv", "noshow:b3", "t1", T0, "{}");
        host.runDue();
        assertEquals(1, store.pending("ktv").size(), "an unmounted adapter's actions are kept for its return");
    }

    @Test
    void backoffDoublesUpToTenMinutes() {
        assertEquals(Duration.ofSeconds(1), AdapterHost.backoff(0));
        assertEquals(Duration.ofSeconds(8), AdapterHost.backoff(3));
        assertEquals(Duration.ofMinutes(10), AdapterHost.backoff(30));
    }

    @Test
    void anActionScheduledAnewWhileItRanIsKept() {
        store.schedule("ktv", "remind:a1", "t1", T0, "{\"v\":1}");
        ScheduledAction claimed = store.claimDue(List.of("ktv"), T0, T0.plusSeconds(120), 10).get(0);
        store.schedule("ktv", "remind:a1", "t1", T0.plusSeconds(3600), "{\"v\":2}");
        store.done(claimed);
        assertEquals("{\"v\":2}", store.find("ktv", "remind:a1").orElseThrow().payload());
        assertTrue(store.claimDue(List.of("ktv"), T0, T0.plusSeconds(120), 10).isEmpty(), "the moved one is not due yet");
        assertEquals(1, store.dropVendor("ktv"));
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
