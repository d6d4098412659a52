package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.huibo.api.PhoneNumber;

/**
 * The retransmissions admission counts, through a real {@link SipEndpoint}: an INVITE to a trunk
 * that never answers is sent again by the stack, each copy is counted, and none of them reads
 * as the end of the leg.
 */
class RetransmissionCountTest {
    private SipEndpoint endpoint;
    private DatagramSocket silentTrunk;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (silentTrunk != null) {
            silentTrunk.close();
        }
    }

    @Test
    void anUnansweredInviteIsSentAgainAndEachCopyIsCountedNotTakenForAnEnd() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        silentTrunk = new DatagramSocket(0, loopback);
        silentTrunk.setSoTimeout(3000);
        int port;
        try (DatagramSocket free = new DatagramSocket(0, loopback)) {
            port = free.getLocalPort();
        }
        TrunkSettings trunk = new TrunkSettings(new DialPlan(new DialPlan.Peer("127.0.0.1", silentTrunk.getLocalPort()), ""),
                "udp", null, null, null, "CN", null);
        RetransmissionRate rate = new RetransmissionRate(System::nanoTime);
        endpoint = new SipEndpoint("127.0.0.1", port, null, trunk, () -> false, (invite, caller, x) -> endpoint.refuse(invite, 404),
                rate);
        List<String> events = new CopyOnWriteArrayList<>();
        OutboundLeg leg = endpoint.create(PhoneNumber.ofE164("+8613700137000"), PhoneNumber.ofE164("+8657188880000"),
                new RecordingListener(events));

        leg.invite(null);
        byte[] buffer = new byte[8192];
        int invites = 0;
        while (invites < 2) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            silentTrunk.receive(packet); // at most 3 s each: the first copy at once, the next after T1 (500 ms)
            if (new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).startsWith("INVITE ")) {
                invites++;
            }
        }
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (rate.value(System.nanoTime()) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // the count arrives through the stack's event queue
        }
        assertTrue(rate.value(System.nanoTime()) > 0, "the retransmission was counted");
        assertEquals(List.of(), events, "a retransmission is not an answer, a failure or a timeout of the leg");
    }

    /** Records whatever the leg reports; here it must report nothing. */
    private record RecordingListener(List<String> events) implements LegListener {
        @Override
        public void onProvisional(SipLeg leg, int status, String sdp) {
            events.add("provisional " + status);
        }

        @Override
        public void onAnswered(SipLeg leg, String sdp) {
            events.add("answered");
        }

        @Override
        public void onFailed(SipLeg leg, int status) {
            events.add("failed " + status);
        }

        @Override
        public void onBye(SipLeg leg) {
            events.add("bye");
        }

        @Override
        public void onReInvite(SipLeg leg, String sdp) {
            events.add("re-invite");
        }

        @Override
        public void onReInviteAnswered(SipLeg leg, int status, String sdp) {
            events.add("re-invite answered");
        }

        @Override
        public void onReInviteAcknowledged(SipLeg leg, String sdp) {
            events.add("re-invite acknowledged");
        }
    }
}
