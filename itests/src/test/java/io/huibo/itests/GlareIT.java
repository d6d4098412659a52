package io.huibo.itests;

import static org.junit.Assert.assertEquals;

import java.nio.file.Path;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;

/**
 * Glare: both parties re-INVITE at once. In a Karaf of its own, because JAIN-SIP goes on
 * repeating its 491 for up to 32 s after the phone's ACK (the ACK reaches the dialog, not the
 * transaction), and those repeats would reach the next test's phone on the same port.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GlareIT extends HuiboTestSupport {

    @Test
    public void aReInviteMeetingOneFromTheOtherSideGets491AndTheFirstStillCompletes() throws Exception {
        Path dir = workDir("glare");
        withPhones(phone(PHONE_A, "phone-answer-hold.xml", dir), phone(PHONE_B, "phone-held-glare.xml", dir), (a, b) -> {
            String id = placeCallback("");
            assertEquals("the merchant's hold completed; see " + a.output(), 0, a.awaitExit());
            assertEquals("the customer's crossing re-INVITE got 491; see " + b.output(), 0, b.awaitExit());
            JsonObject call = awaitEnded(id);
            assertEquals("completed", call.get("outcome").getAsString());
            assertEquals("to", call.get("hangupBy").getAsString());
        });
    }
}
