package io.huibo.adapters.clinic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;

/** A HIS's HAPI client against the listener, over MLLP on loopback. */
class MllpServerTest {
    private final HapiContext his = new DefaultHapiContext(new CanonicalModelClassFactory("2.5"));
    private final MemoryScheduler scheduler = new MemoryScheduler();

    @AfterEach
    void closeClient() throws Exception {
        his.close();
    }

    private MllpServer start(int port) throws Exception {
        ClinicSettings settings = ClinicSettings.from(Hl7InboxTest.config());
        Hl7Inbox inbox = new Hl7Inbox(ClinicAdapter.newParser(), new SiuReader(settings.zone(), settings.appointmentLength()),
                new AppointmentBook(settings, new MemoryBindings(java.time.Clock.systemUTC()), scheduler,
                        new ClinicStaff((t, s, r, at) -> Optional.empty(), settings), java.time.Clock.systemUTC()),
                scheduler, () -> "CN");
        return new MllpServer("127.0.0.1", port, inbox::receive);
    }

    @Test
    void eachMessageOnAConnectionIsAcknowledgedInTurnAndClosingReleasesThePort() throws Exception {
        MllpServer server = start(0);
        int port = server.port();
        try {
            Connection connection = his.newClient("127.0.0.1", port, false);
            Message booked = his.getPipeParser().parse(Siu.booked("M1", "A-1", "209911241000", ""));
            Terser ack = new Terser(connection.getInitiator().sendAndReceive(booked));
            assertEquals("AA", ack.get("/MSA-1"));
            assertEquals("M1", ack.get("/MSA-2"));
            Message unknown = his.getPipeParser().parse(Siu.message("S13", "M2", "A-404", "209911241000", "", Siu.PATIENT));
            assertEquals("AE", new Terser(connection.getInitiator().sendAndReceive(unknown)).get("/MSA-1"));
        } finally {
            server.close();
        }
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
    }
}
