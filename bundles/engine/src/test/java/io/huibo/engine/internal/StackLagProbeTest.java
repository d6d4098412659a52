package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sip.ClientTransaction;
import javax.sip.message.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The stack-lag probe through a real {@link SipEndpoint} on loopback: the engine answers its own OPTIONS. */
class StackLagProbeTest {
    private SipEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void theEndpointAnswersItsOwnProbeAndTheRoundTripIsTheLag() throws Exception {
        int port;
        try (DatagramSocket free = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = free.getLocalPort();
        }
        TrunkSettings trunk = new TrunkSettings(new DialPlan(new DialPlan.Peer("127.0.0.1", port + 1), ""), "udp", null, null,
                null, "CN", null);
        endpoint = new SipEndpoint("127.0.0.1", port, null, trunk, () -> false, (invite, caller, x) -> endpoint.refuse(invite, 404),
                new RetransmissionRate(System::nanoTime));
        DialPlan.Peer self = new DialPlan.Peer("127.0.0.1", port);
        BlockingQueue<Integer> answers = new LinkedBlockingQueue<>();
        StackLag lag = new StackLag(handler -> endpoint.sendOptions(self, "udp", new ResponseHandler() {
            @Override
            public void handleResponse(Response response, ClientTransaction transaction) {
                handler.handleResponse(response, transaction);
                answers.add(response.getStatusCode());
            }

            @Override
            public void handleTimeout(ClientTransaction transaction) {
                handler.handleTimeout(transaction);
                answers.add(408);
            }
        }), System::nanoTime);

        assertEquals(0, lag.value(System.nanoTime()), "nothing measured before the first probe");
        assertEquals(Integer.valueOf(200), answers.poll(10, TimeUnit.SECONDS), "the engine's own OPTIONS is answered 200");
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(StackLag.INTERVAL_NANOS)); // the next read probes again
        lag.value(System.nanoTime());
        assertEquals(Integer.valueOf(200), answers.poll(10, TimeUnit.SECONDS), "and again");
        double millis = lag.value(System.nanoTime());
        assertTrue(millis > 0, "the lesser of the two round trips is measured: " + millis);
    }
}
