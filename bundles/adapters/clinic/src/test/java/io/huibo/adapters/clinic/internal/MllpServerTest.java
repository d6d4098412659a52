package io.huibo.adapters.clinic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;

/** A HIS's HAPI client, and hostile senders, against the listener over MLLP on loopback. */
class MllpServerTest {
    private static final int MAX_FRAME = 64 * 1024;
    private static final String BOOKED = Siu.booked("M1", "A-1", "209911241000", "");

    private final HapiContext his = new DefaultHapiContext(new CanonicalModelClassFactory("2.5"));
    private final MemoryScheduler scheduler = new MemoryScheduler();
    private final List<Socket> clients = new ArrayList<>();
    private MllpServer server;

    @AfterEach
    void closeAll() throws Exception {
        for (Socket client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        his.close();
    }

    private MllpServer start(MllpOptions options) throws Exception {
        ClinicSettings settings = ClinicSettings.from(Hl7InboxTest.config());
        Hl7Inbox inbox = new Hl7Inbox(ClinicAdapter.newParser(), new SiuReader(settings.zone(), settings.appointmentLength()),
                new AppointmentBook(settings, new MemoryBindings(Clock.systemUTC()), scheduler,
                        new ClinicStaff((t, s, r, at) -> Optional.empty(), settings), Clock.systemUTC()),
                scheduler, () -> "CN");
        server = new MllpServer("127.0.0.1", 0, options, inbox::receive);
        return server;
    }

    private static MllpOptions options(String allowed, int maxConnections, int maxPerAddress, Duration idle) {
        return new MllpOptions(MAX_FRAME, idle, maxConnections, maxPerAddress, AddressAllowlist.parse(allowed),
                MllpOptions.plain());
    }

    private static MllpOptions defaults() {
        return options("127.0.0.1,::1", 32, 4, Duration.ofSeconds(300));
    }

    @Test
    void eachMessageOnAConnectionIsAcknowledgedInTurnAndClosingReleasesThePort() throws Exception {
        start(defaults());
        int port = server.port();
        Connection connection = his.newClient("127.0.0.1", port, false);
        Message booked = his.getPipeParser().parse(BOOKED);
        Terser ack = new Terser(connection.getInitiator().sendAndReceive(booked));
        assertEquals("AA", ack.get("/MSA-1"));
        assertEquals("M1", ack.get("/MSA-2"));
        Message unknown = his.getPipeParser().parse(Siu.message("S13", "M2", "A-404", "209911241000", "", Siu.PATIENT));
        assertEquals("AE", new Terser(connection.getInitiator().sendAndReceive(unknown)).get("/MSA-1"));
        server.close();
        server = null;
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, again.getLocalPort());
        }
    }

    @Test
    void aFrameOverTheLimitDropsTheConnectionBeforeItIsHeldWhole() throws Exception {
        start(defaults());
        Socket client = connect("127.0.0.1");
        OutputStream out = client.getOutputStream();
        out.write(MllpFrames.START);
        byte[] filler = new byte[MAX_FRAME + 1];
        Arrays.fill(filler, (byte) 'A');
        try {
            out.write(filler);
            out.flush();
        } catch (IOException reset) {
            // the listener may close before the last bytes are written
        }
        assertClosed(client);
        assertEquals("AA", exchange(connect("127.0.0.1"), BOOKED).substring(0, 2), "the next sender is served");
    }

    @Test
    void aSilentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(options("127.0.0.1", 32, 4, Duration.ofSeconds(1)));
        assertClosed(connect("127.0.0.1"));
    }

    @Test
    void aSourceNotAllowedIsClosedAtOnceAndAnAllowedRangeIsServed() throws Exception {
        start(defaults());
        assertClosed(connect("127.0.0.2"));
        server.close();
        start(options("127.0.0.0/8", 32, 4, Duration.ofSeconds(300)));
        assertEquals("AA", exchange(connect("127.0.0.2"), BOOKED).substring(0, 2));
    }

    @Test
    void connectionsOverTheCapsAreClosedAndThoseWithinAreServed() throws Exception {
        start(options("127.0.0.0/8", 3, 2, Duration.ofSeconds(300)));
        Socket first = connect("127.0.0.1");
        Socket second = connect("127.0.0.1");
        assertEquals("AA", exchange(second, BOOKED).substring(0, 2), "both are admitted before the third arrives");
        assertClosed(connect("127.0.0.1"));
        Socket other = connect("127.0.0.2");
        assertEquals("AA", exchange(other, BOOKED).substring(0, 2), "another address has a cap of its own");
        assertClosed(connect("127.0.0.3"));
        assertEquals("AA", exchange(first, BOOKED).substring(0, 2), "those within the caps still work");
        first.close();
        assertEquals("AA", exchangeOnceAdmitted("127.0.0.1").substring(0, 2), "a closed one frees its place");
    }

    @Test
    void overTlsTheHisIsServedAndAPlainSenderIsNot(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("mllp.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mllp", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        System.setProperty("karaf.etc", dir.toString());
        try {
            start(new MllpOptions(MAX_FRAME, Duration.ofSeconds(300), 32, 4, AddressAllowlist.parse("127.0.0.1"),
                    MllpOptions.tls("mllp.p12", "changeit", "PKCS12")));
        } finally {
            System.clearProperty("karaf.etc");
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.port());
        clients.add(tls);
        tls.setSoTimeout(10_000);
        assertEquals("AA", exchange(tls, BOOKED).substring(0, 2));

        Socket plain = connect("127.0.0.1");
        plain.getOutputStream().write(frame(BOOKED));
        // the listener answers a TLS alert, never an acknowledgement, and hangs up
        String answered = new String(plain.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertFalse(answered.contains("MSA|"), answered);
    }

    @Test
    void anAllowlistIsOfLiteralAddressesAndRanges() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> AddressAllowlist.parse("his.example.com"));
        assertThrows(IllegalArgumentException.class, () -> AddressAllowlist.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> AddressAllowlist.parse(""));
        assertFalse(AddressAllowlist.parse("::1").allows(InetAddress.getByName("127.0.0.1")));
        assertTrue(AddressAllowlist.parse("10.0.0.0/24, ::1").allows(InetAddress.getByName("10.0.0.200")));
        assertFalse(AddressAllowlist.parse("10.0.0.0/24").allows(InetAddress.getByName("10.0.1.1")));
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        clients.add(socket);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Connects until admitted: the listener frees a closed connection's place once its thread sees the close. */
    private String exchangeOnceAdmitted(String from) throws Exception {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                return exchange(connect(from), BOOKED);
            } catch (IOException refused) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("never admitted again");
    }

    /** Sends one framed message and reads the framed answer. */
    private static String exchange(Socket socket, String message) throws IOException {
        socket.getOutputStream().write(frame(message));
        socket.getOutputStream().flush();
        String answer = MllpFrames.read(socket.getInputStream(), 1 << 20);
        if (answer == null) {
            throw new IOException("closed without an answer");
        }
        return answer.substring(answer.indexOf("MSA|") + 4);
    }

    private static byte[] frame(String message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MllpFrames.write(bytes, message);
        return bytes.toByteArray();
    }

    /** The listener closed the connection: the next read ends (or is reset) rather than waiting out the 10 s. */
    private static void assertClosed(Socket socket) {
        try {
            assertEquals(-1, socket.getInputStream().read());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection is still open", e);
        } catch (IOException reset) {
            // closed with data unread: a reset, as good as an end
        }
    }
}
