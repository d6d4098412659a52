package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.huibo.api.BindingException;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;
import io.huibo.api.adapter.ActionScheduler;

/**
 * Adapters come and go in a running Karaf while a callback is bridged: installed as a feature or
 * dropped into {@code deploy/}, the KTV adapter is mounted at once; uninstalled or taken out, its
 * endpoints answer 404 and its scheduled work is gone; and the call in flight never notices.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AdapterHotDeployIT extends AdapterTestSupport {
    private static final String SECRET = "hot-deploy-shared-secret";
    /** One per test: the front desk is in every booking's binding, so each needs an X of its own. */
    private static final List<String> XS = List.of("+8657188883001", "+8657188883002");

    @Inject
    private ActionScheduler scheduler;

    @Inject
    private NumberPool pool;

    /** The callback a test has in flight, hung up after it whatever happened. */
    private String bridged;

    private final VendorClient roomSystem = new VendorClient("ktv", "X-Ktv", SECRET);

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "secret", SECRET));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "frontDesk", "+8613700137000"));
        options.add(editConfigurationFilePut("etc/io.huibo.adapter.ktv.cfg", "display", DISPLAY));
        return options.toArray(new Option[0]);
    }

    @Before
    public void poolNumberForTheBookingsBinding() {
        for (String x : XS) {
            try {
                pool.add(Tenant.DEFAULT, PhoneNumber.ofE164(x), "0571", "ktv-1");
            } catch (BindingException alreadyThere) {
                // added before the test before
            }
        }
    }

    @Test
    public void aFeatureInstalledAndUninstalledUnderACallInFlightMountsAndUnmountsTheAdapterCleanly() throws Exception {
        Path dir = workDir("hot-feature");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-wait-bye.xml", dir), (a, b) -> {
            String id = bridgedCallback();

            installFeature("huibo-adapter-ktv");
            roomSystem.awaitMounted("bookings/events");
            bookAnHourAhead("hot-1", "HB-1");
            assertEquals("the no-show check is scheduled", 1, scheduler.pending("ktv").size());
            assertBridged(id);

            uninstallFeature("huibo-adapter-ktv");
            awaitUnmounted();
            awaitNoPendingWork("uninstalling dropped the adapter's scheduled work");
            assertBridged(id);

            hangUpAndAssertCompleted(id, a, b);
        });
    }

    @Test
    public void aBundleDroppedIntoDeployIsMountedAndTakingItOutUnmountsIt() throws Exception {
        Path jar = ktvBundle();
        Path deployed = Path.of(System.getProperty("karaf.base"), "deploy", jar.getFileName().toString());
        Path dir = workDir("hot-deploy-folder");
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir), phone(PHONE_B, "phone-answer-wait-bye.xml", dir), (a, b) -> {
            String id = bridgedCallback();
            try {
                Files.copy(jar, deployed, StandardCopyOption.REPLACE_EXISTING);
                roomSystem.awaitMounted("bookings/events");
                bookAnHourAhead("hot-2", "HB-2");
                assertEquals(1, scheduler.pending("ktv").size());
                assertBridged(id);
            } finally {
                Files.deleteIfExists(deployed);
            }
            awaitUnmounted();
            awaitNoPendingWork("taking the bundle out uninstalled it, and its scheduled work with it");
            assertBridged(id);

            hangUpAndAssertCompleted(id, a, b);
        });
    }

    /** The KTV adapter's bundle as the distribution ships it, in its system/ repository. */
    private static Path ktvBundle() throws IOException {
        Path folder = Path.of(System.getProperty("karaf.home"), "system", "io", "huibo", "huibo-adapter-ktv");
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(folder)) {
            for (Path version : versions) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(version, "*.jar")) {
                    for (Path jar : jars) {
                        return jar;
                    }
                }
            }
        }
        throw new AssertionError("the distribution holds no huibo-adapter-ktv bundle under " + folder);
    }

    private String bridgedCallback() throws Exception {
        String id = placeCallback("");
        bridged = id;
        awaitCall(id, call -> inState(call, "bridged"), "bridged");
        return id;
    }

    /** A test that failed half way leaves no call behind for the next. */
    @After
    public void hangUpWhatIsLeft() throws Exception {
        if (bridged != null) {
            delete("/callbacks/" + bridged);
            bridged = null;
        }
    }

    /** Uninstalling comes a moment after the adapter's service is gone, which unmounted it. */
    private void awaitNoPendingWork(String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!scheduler.pending("ktv").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(what, scheduler.pending("ktv").isEmpty());
    }

    private void bookAnHourAhead(String eventId, String bookingId) throws Exception {
        Instant start = Instant.now().plus(Duration.ofHours(1));
        String booking = "{\"eventId\": \"" + eventId + "\", \"type\": \"booking.created\", \"bookingId\": \"" + bookingId
                + "\", \"guestPhone\": \"+8613600136000\", \"room\": \"801\", \"start\": \"" + start + "\", \"end\": \""
                + start.plus(Duration.ofHours(2)) + "\"}";
        HttpResponse<String> accepted = roomSystem.post("bookings/events", booking);
        assertEquals(accepted.body(), 200, accepted.statusCode());
    }

    private void awaitUnmounted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = roomSystem.post("bookings/events", "{}", null).statusCode();
            if (status == 404) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the KTV adapter still answered " + status + " 30 s after it was taken away");
    }

    private void assertBridged(String id) throws Exception {
        assertEquals("the call in flight is undisturbed", "bridged", get("/callbacks/" + id).body().get("state").getAsString());
    }

    private void hangUpAndAssertCompleted(String id, SippPhone a, SippPhone b) throws Exception {
        assertFalse("neither phone was hung up meanwhile", a.hasExited() || b.hasExited());
        assertEquals(202, delete("/callbacks/" + id).status());
        assertEquals("the merchant's phone saw a clean call; see " + a.output(), 0, a.awaitExit());
        assertEquals("the customer's phone saw a clean call; see " + b.output(), 0, b.awaitExit());
        assertEquals("api", awaitEnded(id).get("hangupBy").getAsString());
    }
}
