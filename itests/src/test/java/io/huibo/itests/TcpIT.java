package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import com.google.gson.JsonObject;

/**
 * Callbacks over TCP, the trunk's transport switched at run time: three in a row, each phone on its
 * own TCP connection, in a Karaf of their own so no earlier test's state is in play.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TcpIT extends HuiboTestSupport {

    @Test
    public void callsGoOverTcpWhenTheTrunkIsSwitchedToTcpAtRunTime() throws Exception {
        reconfigureEngine(Map.of("transport", "tcp"));
        try {
            for (int i = 0; i < 3; i++) {
                Path dir = workDir("tcp-" + i);
                withPhones(phone(PHONE_A, "phone-answer-wait-bye.xml", dir, "-t", "t1"),
                        phone(PHONE_B, "phone-answer-hangup.xml", dir, "-t", "t1"), (a, b) -> {
                            String id = placeCallback("");
                            assertEquals("see " + a.output(), 0, a.awaitExit());
                            assertEquals("see " + b.output(), 0, b.awaitExit());
                            JsonObject call = awaitEnded(id);
                            assertEquals("completed", call.get("outcome").getAsString());
                            assertTrue(a.messages().contains("SIP/2.0/TCP"));
                        });
            }
        } finally {
            reconfigureEngine(Map.of("transport", "udp"));
        }
    }
}
