package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
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

/**
 * The clinic adapter's MLLP listener, as shipped, against hostile senders on the network: only
 * 127.0.0.1 is allowed here, and 127.0.0.2 (another loopback address) plays the other host. An
 * oversized frame, a silent connection, connections over the caps and a source not allowed are
 * closed without an answer; with TLS on, a HIS that speaks TLS is served and a plain sender is not.
 * The messages are ADT, which the adapter answers AR without booking anything.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MllpSecurityIT extends HuiboTestSupport {
    private static final String PID = "io.huibo.adapter.clinic";
    private static final int MAX_FRAME = 64 * 1024;
    private static final String MESSAGE = "MSH|^~\\&|HIS|CLINIC|HUIBO|HUIBO|20261123100000||ADT^A01^ADT_A01|S1|P|2.5\r"
            + "EVN|A01\rPID|1||P1\r";

    private final List<Socket> clients = new ArrayList<>();

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        int mllpPort = freePort();
        options.add(editConfigurationFilePut("etc/system.properties", "huibo.it.mllp.port", String.valueOf(mllpPort)));
        options.add(clinic("mllpPort", String.valueOf(mllpPort)));
        options.add(clinic("mllpAllowedAddresses", "127.0.0.1"));
        options.add(clinic("mllpMaxFrameBytes", String.valueOf(MAX_FRAME)));
        options.add(clinic("mllpIdleTimeoutSeconds", "2"));
        options.add(clinic("mllpMaxConnectionsPerAddress", "2"));
        return options.toArray(new Option[0]);
    }

    private static Option clinic(String key, String value) {
        return editConfigurationFilePut("etc/io.huibo.adapter.clinic.cfg", key, value);
    }

    @Before
    public void installClinicAdapter() throws Exception {
        if (findBundle("huibo-adapter-clinic") == null) {
            Subject admin = new Subject();
            admin.getPrincipals().add(new RolePrincipal("admin"));
            Subject.doAs(admin, (PrivilegedExceptionAction<String>) () -> executeCommand("feature:install huibo-adapter-clinic"));
        }
        awaitServed();
    }

    @After
    public void closeClients() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
    }

    @Test
    public void anAllowedSenderIsServedAndAnotherAddressIsClosedUnanswered() throws Exception {
        assertTrue(exchange(admitted(), MESSAGE).contains("MSA|AR|S1"));
        Socket other = connect("127.0.0.2");
        send(other, MESSAGE);
        assertClosedUnanswered(other);
    }

    @Test
    public void anOversizedFrameDropsTheConnection() throws Exception {
        Socket client = admitted();
        byte[] filler = new byte[MAX_FRAME + 1];
        Arrays.fill(filler, (byte) 'A');
        try {
            OutputStream out = client.getOutputStream();
            out.write(0x0b);
            out.write(filler);
            out.flush();
        } catch (IOException reset) {
            // dropped before the last bytes went out
        }
        assertClosedUnanswered(client);
    }

    @Test
    public void aSilentConnectionIsClosed() throws Exception {
        assertClosedUnanswered(admitted());
    }

    @Test
    public void aThirdConnectionFromOneAddressIsClosedWhileTwoAreServed() throws Exception {
        Socket first = admitted();
        Socket second = admitted();
        Socket third = connect("127.0.0.1");
        send(third, MESSAGE);
        assertClosedUnanswered(third);
        assertTrue("those within the cap are still served", exchange(first, MESSAGE).contains("MSA|AR"));
        assertTrue(exchange(second, MESSAGE).contains("MSA|AR"));
    }

    @Test
    public void withTlsOnAHisSpeakingTlsIsServedAndAPlainSenderIsNot() throws Exception {
        Path etc = Path.of(System.getProperty("karaf.etc"));
        Path keystore = etc.resolve("huibo-mllp-itest.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mllp", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "itest-pass", "-keypass", "itest-pass")
                .redirectErrorStream(true).start();
        assertEquals(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8), 0, keytool.waitFor());
        org.osgi.service.cm.Configuration clinic = configAdmin.getConfiguration(PID, "?");
        Dictionary<String, Object> plain = clinic.getProperties();
        Dictionary<String, Object> tls = clinic.getProperties();
        tls.put("mllpTls", "true");
        tls.put("mllpKeystore", keystore.getFileName().toString());
        tls.put("mllpKeystorePassword", "itest-pass");
        clinic.update(tls);
        try {
            SSLContext context = trusting(keystore, "itest-pass");
            String answer = null;
            for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); answer == null; Thread.sleep(200)) {
                try {
                    Socket his = context.getSocketFactory().createSocket("127.0.0.1", port());
                    clients.add(his);
                    his.setSoTimeout(10_000);
                    answer = exchange(his, MESSAGE);
                } catch (IOException notYetTls) {
                    assertTrue("the listener did not come back with TLS", System.nanoTime() < deadline);
                }
            }
            assertTrue(answer, answer.contains("MSA|AR|S1"));
            Socket plainSender = connect("127.0.0.1");
            send(plainSender, MESSAGE);
            assertFalse("a plain sender gets no acknowledgement",
                    new String(plainSender.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).contains("MSA|"));
        } finally {
            clinic.update(plain);
            awaitServed();
        }
    }

    private static SSLContext trusting(Path keystore, String password) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trusted.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static int port() {
        return Integer.getInteger("huibo.it.mllp.port");
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket();
        clients.add(socket);
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /**
     * A connection from 127.0.0.1 that has been answered once: the listener frees a closed
     * connection's place when its thread sees the close, so one from the test before may still count.
     */
    private Socket admitted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Socket socket = connect("127.0.0.1");
            try {
                if (exchange(socket, MESSAGE).contains("MSA|AR|S1")) {
                    return socket;
                }
            } catch (IOException refused) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not admitted in 20 s", refused);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits until the listener (after an install or a reconfiguration) acknowledges a plain message. */
    private void awaitServed() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
                probe.setSoTimeout(10_000);
                if (exchange(probe, MESSAGE).contains("MSA|")) {
                    return;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the clinic adapter's MLLP listener did not serve in 30 s", notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    private static void send(Socket socket, String message) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write(0x0b);
            out.write(message.getBytes(StandardCharsets.UTF_8));
            out.write(new byte[] {0x1c, 0x0d});
            out.flush();
        } catch (IOException refused) {
            // closed already: what the caller checks next
        }
    }

    /** One framed message out, the framed answer back. */
    private static String exchange(Socket socket, String message) throws IOException {
        send(socket, message);
        InputStream in = socket.getInputStream();
        if (in.read() != 0x0b) {
            throw new IOException("no MLLP answer");
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0x1c; b = in.read()) {
            if (b < 0) {
                throw new IOException("closed inside the answer");
            }
            answer.write(b);
        }
        if (in.read() != 0x0d) {
            throw new IOException("the answer's end block is not followed by a carriage return");
        }
        return answer.toString(StandardCharsets.UTF_8).replace('\r', '\n');
    }

    /** The listener closed the connection without answering, well before the client's 10 s wait. */
    private static void assertClosedUnanswered(Socket socket) throws IOException {
        try {
            assertEquals("closed without an answer", -1, socket.getInputStream().read());
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the listener left the connection open", stillOpen);
        } catch (SocketException reset) {
            // closed with our bytes unread: a reset, as good as an end
        }
    }
}
