package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.huibo.api.BindingException;
import io.huibo.api.NumberPool;
import io.huibo.api.PhoneNumber;
import io.huibo.api.Tenant;
import io.huibo.itests.HisClient.Ack;

/**
 * A clinic's HIS drives Huibo over HL7 v2: the clinic adapter is installed into the running
 * product, a HAPI client sends SIU^S12/S13/S15 over MLLP, and SIPp phones play the front desk,
 * the doctor on duty (both PHONE_A) and the patient (PHONE_B).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClinicAdapterIT extends HuiboTestSupport {
    private static final String FRONT_DESK = PHONE_A;
    private static final String DOCTOR = PHONE_A;
    private static final String PATIENT = PHONE_B;
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ").withZone(ZoneOffset.UTC);

    @Inject
    private NumberPool pool;

    private HisClient his;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        int mllpPort = freePort();
        options.add(editConfigurationFilePut("etc/system.properties", "huibo.it.mllp.port", String.valueOf(mllpPort)));
        options.add(editConfigurationFilePut("etc/system.properties", "huibo.hapi.version", System.getProperty("huibo.hapi.version")));
        options.add(clinic("mllpPort", String.valueOf(mllpPort)));
        options.add(clinic("display", DISPLAY));
        options.add(clinic("frontDesk", FRONT_DESK));
        options.add(clinic("reminderLeadMinutes", "0"));
        options.add(clinic("followUpAfterMinutes", "0"));
        options.add(clinic("treatmentWindowHours", "1"));
        return options.toArray(new Option[0]);
    }

    private static Option clinic(String key, String value) {
        return editConfigurationFilePut("etc/io.huibo.adapter.clinic.cfg", key, value);
    }

    @Before
    public void installClinicAdapter() throws Exception {
        if (findBundle("huibo-adapter-clinic") == null) {
            installHapi();
            featureInstall("huibo-adapter-clinic");
            for (String x : List.of("+8657188881201", "+8657188881202")) {
                try {
                    pool.add(Tenant.DEFAULT, PhoneNumber.ofE164(x), "0571", "clinic-1");
                } catch (BindingException alreadyThere) {
                    // added for an earlier test of this class
                }
            }
            org.osgi.service.cm.Configuration doctor = configAdmin.createFactoryConfiguration("io.huibo.staff", "?");
            Dictionary<String, Object> shift = new Hashtable<>();
            shift.put("tenant", Tenant.DEFAULT);
            shift.put("store", "clinic-1");
            shift.put("role", "doctor-on-duty");
            shift.put("number", DOCTOR);
            doctor.update(shift);
        }
        awaitListening();
        his = new HisClient(Integer.getInteger("huibo.it.mllp.port"));
    }

    /**
     * {@code feature:install}, as an operator with the admin role types it: the feature commands
     * are guarded by Karaf's command ACL, so a session without that role does not see them.
     */
    private void featureInstall(String feature) throws Exception {
        Subject admin = new Subject();
        admin.getPrincipals().add(new RolePrincipal("admin"));
        Subject.doAs(admin, (PrivilegedExceptionAction<String>) () -> executeCommand("feature:install " + feature));
    }

    /**
     * The HIS's HAPI as bundles for the test's client: the base wrapped, with the v2.5 model (which
     * shares its packages) as its fragment. The adapter embeds its own copy and sees neither.
     */
    private void installHapi() throws Exception {
        featureInstall("wrap");
        String version = System.getProperty("huibo.hapi.version");
        Bundle base = bundleContext.installBundle("wrap:mvn:ca.uhn.hapi/hapi-base/" + version
                + "$Bundle-SymbolicName=ca.uhn.hapi.base&Export-Package=ca.uhn.hl7v2.*;version=" + version
                + "&Import-Package=*;resolution:=optional");
        bundleContext.installBundle("wrap:mvn:ca.uhn.hapi/hapi-structures-v25/" + version
                + "$Bundle-SymbolicName=ca.uhn.hapi.structures.v25&Fragment-Host=ca.uhn.hapi.base"
                + "&Export-Package=ca.uhn.hl7v2.model.v25.*;version=" + version + "&Import-Package=*;resolution:=optional");
        base.start();
    }

    @After
    public void closeHis() throws IOException {
        his.close();
    }

    @Test
    public void aBookingRemindsThePatientOnceBindsThemAndMovesAndCancelsWithTheAppointment() throws Exception {
        Instant start = Instant.now().plusSeconds(3);
        String booking = siu("S12", "IT-1-a", "IT-1", start, start.plus(Duration.ofHours(1)), PATIENT);
        Path dir = workDir("clinic-reminder");
        withPhones(phone(FRONT_DESK, "phone-answer-wait-bye.xml", dir), phone(PATIENT, "phone-answer-hangup.xml", dir), (desk, patient) -> {
            assertAck("AA", "IT-1-a", his.send(booking));
            assertAck("AA", "IT-1-a", his.send(booking)); // the HIS resends: acknowledged, not acted on
            assertEquals("the front desk answered; see " + desk.output(), 0, desk.awaitExit());
            assertEquals("the patient answered; see " + patient.output(), 0, patient.awaitExit());
            assertFalse("the patient never sees the front desk's own number", patient.messages().contains(FRONT_DESK.substring(1)));
        });
        assertEquals("one reminder, though the booking came twice", 1, awaitCalls("clinic reminder IT-1", 1).size());
        JsonObject binding = binding("IT-1");
        assertEquals("active", binding.get("state").getAsString());

        Instant later = start.plus(Duration.ofHours(2));
        assertAck("AA", "IT-1-b", his.send(siu("S13", "IT-1-b", "IT-1", later, later.plus(Duration.ofMinutes(30)), PATIENT)));
        JsonObject moved = binding("IT-1");
        assertEquals(binding.get("id"), moved.get("id"));
        assertTrue("the binding lasts to the moved window's end: " + moved,
                Instant.parse(moved.get("expiresAt").getAsString()).isAfter(Instant.parse(binding.get("expiresAt").getAsString())));

        assertAck("AA", "IT-1-c", his.send(siu("S15", "IT-1-c", "IT-1", null, null, null)));
        assertEquals("deleted", binding("IT-1").get("state").getAsString());
    }

    @Test
    public void aCancelledAppointmentIsNeverCalled() throws Exception {
        // the reminder falls due at the start, ten seconds on: time enough to cancel first on a busy machine
        Instant start = Instant.now().plusSeconds(10);
        assertAck("AA", "IT-2-a", his.send(siu("S12", "IT-2-a", "IT-2", start, start.plusSeconds(600), PATIENT)));
        assertAck("AA", "IT-2-b", his.send(siu("S15", "IT-2-b", "IT-2", null, null, null)));
        AdapterTestSupport.awaitPastDue(start);
        assertTrue(calls("clinic reminder IT-2").isEmpty());
        assertEquals("deleted", binding("IT-2").get("state").getAsString());
    }

    @Test
    public void badMessagesAreRefusedAndChangeNothing() throws Exception {
        Ack garbage = his.sendRaw("this is not HL7, call 13900139000");
        assertEquals("AR", garbage.code());
        Ack noPhone = his.send(siu("S12", "IT-3-a", "IT-3", Instant.now().plusSeconds(600), Instant.now().plusSeconds(1200), ""));
        assertAck("AE", "IT-3-a", noPhone);
        assertTrue(noPhone.reason(), noPhone.reason().contains("PID-13"));
        Ack admission = his.send("MSH|^~\\&|HIS|CLINIC|HUIBO|HUIBO|20261123100000||ADT^A01^ADT_A01|IT-3-b|P|2.5\rEVN|A01\rPID|1||P1\r");
        assertAck("AR", "IT-3-b", admission);
        assertAck("AE", "IT-3-c", his.send(siu("S13", "IT-3-c", "IT-3", Instant.now().plusSeconds(600), Instant.now().plusSeconds(900), PATIENT)));
        assertTrue(get("/bindings?orderId=IT-3").body().getAsJsonArray("items").isEmpty());
    }

    @Test
    public void theDoctorOnDutyFollowsUpWithoutShowingTheirNumber() throws Exception {
        Instant end = Instant.now().plusSeconds(3);
        Path dir = workDir("clinic-follow-up");
        withPhones(phone(DOCTOR, "phone-answer-wait-bye.xml", dir), phone(PATIENT, "phone-answer-hangup.xml", dir), (doctor, patient) -> {
            // under way already: no reminder, only the follow-up at its end
            assertAck("AA", "IT-4-a", his.send(siu("S12", "IT-4-a", "IT-4", end.minus(Duration.ofMinutes(20)), end, PATIENT)));
            assertEquals("the doctor answered; see " + doctor.output(), 0, doctor.awaitExit());
            assertEquals("the patient answered; see " + patient.output(), 0, patient.awaitExit());
            String seen = patient.messages();
            assertFalse("the patient's phone never sees the doctor's number", seen.contains(DOCTOR.substring(1)));
            assertTrue("the patient sees the clinic's number", seen.contains(DISPLAY.substring(1)));
        });
        JsonObject call = awaitCalls("clinic follow-up IT-4", 1).get(0).getAsJsonObject();
        assertEquals(DISPLAY, call.get("display").getAsString());
        assertTrue(calls("clinic reminder IT-4").isEmpty());
        assertAck("AA", "IT-4-b", his.send(siu("S15", "IT-4-b", "IT-4", null, null, null)));
    }

    /** An SIU as a HIS sends it; a null start leaves SCH-11 and PID-13 out (a cancellation). */
    private static String siu(String trigger, String controlId, String appointment, Instant start, Instant end, String phone) {
        return "MSH|^~\\&|HIS|CLINIC|HUIBO|HUIBO|" + HL7_TIME.format(Instant.now()) + "||SIU^" + trigger + "^SIU_S12|" + controlId + "|P|2.5\r"
                + "SCH|P-" + appointment + "|" + appointment + "|||||||||"
                + (start == null ? "" : "^^^" + HL7_TIME.format(start) + "^" + HL7_TIME.format(end)) + "\r"
                + "PID|1||P1^^^HIS||Zhang^San||19800101|M|||||" + (phone == null ? "" : phone) + "\r"
                + "RGS|1\r"
                + "AIP|1||D123^Li^Wei\r";
    }

    private static void assertAck(String code, String controlId, Ack ack) {
        assertEquals("MSA-1 of " + controlId + ", ERR-8 " + ack.reason(), code, ack.code());
        assertEquals(controlId, ack.controlId());
    }

    private JsonObject binding(String orderId) throws Exception {
        JsonArray items = get("/bindings?orderId=" + orderId).body().getAsJsonArray("items");
        assertEquals("one binding for " + orderId + ": " + items, 1, items.size());
        return items.get(0).getAsJsonObject();
    }

    private List<JsonElement> calls(String userData) throws Exception {
        List<JsonElement> found = new ArrayList<>();
        for (JsonElement call : get("/calls?limit=1000").body().getAsJsonArray("items")) {
            JsonElement data = call.getAsJsonObject().get("userData");
            if (data != null && !data.isJsonNull() && userData.equals(data.getAsString())) {
                found.add(call);
            }
        }
        return found;
    }

    /** The calls with {@code userData} once {@code count} are recorded, or after 10 s. */
    private List<JsonElement> awaitCalls(String userData, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonElement> found = calls(userData);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = calls(userData);
        }
        return found;
    }

    private static void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", Integer.getInteger("huibo.it.mllp.port"))) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the clinic adapter's MLLP listener did not come up");
                }
                Thread.sleep(100);
            }
        }
    }
}
