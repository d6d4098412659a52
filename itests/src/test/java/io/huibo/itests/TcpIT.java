package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;

/**
 * Callbacks over TCP, the trunk's transport switched at run time, each phone on its own TCP
 * connection, in a Karaf of their own so no earlier test's state is in play.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TcpIT extends HuiboTestSupport {

    @Before
    public void overTcp() throws Exception {
        reconfigureEngine(Map.of("transport", "tcp"));
    }

    @After
    public void backToUdp() throws Exception {
        reconfigureEngine(Map.of("transport", "udp"));
    }

    @Test
    public void callsGoOverTcpWhenTheTrunkIsSwitchedToTcpAtRunTime() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertCompletedOverTcp("tcp-" + i, "phone-answer-hangup.xml");
        }
    }

    /** The 200 to its BYE cannot reach a phone that has closed its connection: the merchant is released all the same. */
    @Test
    public void aCustomerWhoHangsUpAndDropsTheConnectionStillReleasesTheMerchant() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertCompletedOverTcp("tcp-leave-" + i, "phone-answer-hangup-and-leave.xml");
        }
    }

    private void assertCompletedOverTcp(String name, String customerScenario) throws Exception {
        Path dir = workDir(name);
        withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir, "-t", "t1"),
                phone(PHONE_B, customerScenario, dir, "-t", "t1"), (a, b) -> {
                    String id = placeCallback("");
                    assertEquals("see " + a.output(), 0, a.awaitExit());
                    assertEquals("see " + b.output(), 0, b.awaitExit());
                    JsonObject call = awaitEnded(id);
                    assertEquals("completed", call.get("outcome").getAsString());
                    assertEquals("to", call.get("hangupBy").getAsString());
                    assertTrue(a.messages().contains("SIP/2.0/TCP"));
                    assertTrue(b.messages().contains("SIP/2.0/TCP"));
                });
    }
}
