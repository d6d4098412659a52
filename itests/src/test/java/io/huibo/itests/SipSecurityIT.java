package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The SIP surface as a hostile network sees it: INVITEs from the trunk's host but not its port,
 * forged or replayed digest answers, TLS peers without a trusted certificate, and malformed
 * packets full of numbers. Each is refused, and none leaves a number in karaf.log.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SipSecurityIT extends HuiboTestSupport {
    private static final String STORE_PASSWORD = "changeit";
    private static final String CALLER = "+8613700137000";
    private static final String DIGEST_USER = "carrier";
    private static final String DIGEST_PASSWORD = "trunk-s3cret";

    /** The distribution with a TLS listening point: its key store, and a trust store holding the trunk's certificate. */
    @Override
    @Configuration
    public Option[] config() throws IOException {
        Path tls = Files.createDirectories(Path.of(System.getProperty("huibo.it.work"), "sip-tls"));
        try (var old = Files.list(tls)) {
            for (Path file : old.toList()) {
                Files.delete(file); // fresh stores each run: keytool will not overwrite an alias
            }
        }
        newKeyPair(tls, "huibo", "CN=127.0.0.1", "ip:127.0.0.1");
        newKeyPair(tls, "trunk", "CN=trunk.example", null);
        newKeyPair(tls, "stranger", "CN=stranger.example", null);
        trust(tls, "trunk", "huibo-trust.p12");
        trust(tls, "huibo", "peer-trust.p12");
        List<Option> options = new ArrayList<>(Arrays.asList(super.config()));
        int tlsPort = freePort();
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "sipTlsPort", String.valueOf(tlsPort)));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "sipTlsKeyStore", tls.resolve("huibo.p12").toString()));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "sipTlsKeyStorePassword", STORE_PASSWORD));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "sipTlsTrustStore",
                tls.resolve("huibo-trust.p12").toString()));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "sipTlsTrustStorePassword", STORE_PASSWORD));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "sipTlsClientAuth", "required"));
        options.add(editConfigurationFilePut("etc/system.properties", "huibo.it.sip.tls.port", String.valueOf(tlsPort)));
        options.add(editConfigurationFilePut("etc/system.properties", "huibo.it.sip.tls.dir", tls.toString()));
        return options.toArray(new Option[0]);
    }

    @Test
    public void anInviteFromTheTrunksAddressButAnotherPortIsRefusedAsAStrangers() throws Exception {
        Path dir = workDir("sip-trunk-port");
        SippPhone impostor = SippPhone.call(scenarioFile("caller-expects-403.xml"), "127.0.0.1", freePort(),
                "127.0.0.1:" + sipPort(), dir.resolve("impostor"), "-key", "caller_number", CALLER, "-key", "x_number", DISPLAY);
        assertEquals("127.0.0.1 from a port not the trunk's gets 403; see " + impostor.output(), 0, impostor.awaitExit());
        SippPhone trunk = caller("caller-expects-404.xml", "127.0.0.1", dir);
        assertEquals("the trunk's own port reaches the engine, which finds no binding; see " + trunk.output(), 0,
                trunk.awaitExit());
    }

    @Test
    public void withInboundDigestOnlyARightFreshAnswerStartsACall() throws Exception {
        reconfigureEngine(Map.of("inboundAuthUsername", DIGEST_USER, "inboundAuthPassword", DIGEST_PASSWORD,
                "inboundAuthRealm", "huibo-itest"));
        try (DatagramSocket trunk = new DatagramSocket(trunkPort(), InetAddress.getByName("127.0.0.1"))) {
            InetSocketAddress huibo = new InetSocketAddress("127.0.0.1", sipPort());
            InetSocketAddress self = (InetSocketAddress) trunk.getLocalSocketAddress();
            SipProbe.Request first = SipProbe.Request.invite(requestUri(), "UDP", self, CALLER);
            SipProbe.Answer challenge = SipProbe.overUdp(trunk, huibo, first);
            assertNotNull("an answer to the unauthenticated INVITE", challenge);
            assertEquals(401, challenge.status());
            List<String> offers = challenge.headers("WWW-Authenticate");
            assertEquals(offers.toString(), 2, offers.size());
            assertEquals("SHA-256", SipProbe.parameter(offers.get(0), "algorithm"));
            assertEquals("MD5", SipProbe.parameter(offers.get(1), "algorithm"));
            assertEquals("auth", SipProbe.parameter(offers.get(0), "qop"));

            SipProbe.Request wrong = first.next(SipProbe.authorization(offers.get(0), "SHA-256", DIGEST_USER, "guess", first));
            assertEquals("a wrong password", 403, SipProbe.overUdp(trunk, huibo, wrong).status());

            SipProbe.Request right = first.next(SipProbe.authorization(offers.get(0), "SHA-256", DIGEST_USER,
                    DIGEST_PASSWORD, first));
            assertEquals("the right answer reaches the engine, which finds no binding for the number", 404,
                    SipProbe.overUdp(trunk, huibo, right).status());
            assertEquals("the same answer on another call is a replay", 403,
                    SipProbe.overUdp(trunk, huibo, right.replayedAsNewCall()).status());

            SipProbe.Request md5 = SipProbe.Request.invite(requestUri(), "UDP", self, CALLER);
            String md5Offer = SipProbe.overUdp(trunk, huibo, md5).headers("WWW-Authenticate").get(1);
            assertEquals(404, SipProbe.overUdp(trunk, huibo,
                    md5.next(SipProbe.authorization(md5Offer, "MD5", DIGEST_USER, DIGEST_PASSWORD, md5))).status());
        } finally {
            reconfigureEngine(Map.of("inboundAuthUsername", "", "inboundAuthPassword", ""));
        }
    }

    @Test
    public void overTlsOnlyAPeerWithATrustedCertificateIsAnswered() throws Exception {
        try (SSLSocket trunk = connect("trunk")) {
            InetSocketAddress self = (InetSocketAddress) trunk.getLocalSocketAddress();
            SipProbe.Answer options = SipProbe.overTls(trunk, SipProbe.Request.options(tlsUri(), "TLS", self));
            assertNotNull("the trunk's OPTIONS over TLS is answered", options);
            assertEquals(200, options.status());
            SipProbe.Answer invite = SipProbe.overTls(trunk, SipProbe.Request.invite(tlsUri(), "TLS", self, CALLER));
            assertNotNull("the trunk's INVITE over TLS is answered", invite);
            assertEquals("over TLS the trunk's address is trusted whatever the connection's port", 404, invite.status());
        }
        for (String peer : List.of("stranger", "")) {
            assertNull(peer.isEmpty() ? "a peer without a certificate" : "a peer whose certificate is not trusted",
                    answerOverTls(peer));
        }
    }

    /** With transport tls the engine calls out over TLS, and trusts the peer's certificate by its trust store. */
    @Test
    public void withTransportTlsACallbackLeavesOverTls() throws Exception {
        try (SSLServerSocket merchant = listen("trunk", phonePort(PHONE_A))) {
            reconfigureEngine(Map.of("transport", "tls"));
            // the engine connects and shakes hands while the API request is in progress: answer meanwhile
            CompletableFuture<String> invite = CompletableFuture.supplyAsync(() -> answerBusy(merchant));
            String id = placeCallback("");
            String received = invite.get(30, TimeUnit.SECONDS);
            assertTrue(received, received.startsWith("INVITE sip:" + PHONE_A + "@127.0.0.1:" + phonePort(PHONE_A)));
            assertTrue(received, received.contains("Via: SIP/2.0/TLS"));
            assertEquals("from-busy", awaitEnded(id).get("outcome").getAsString());
        } finally {
            reconfigureEngine(Map.of("transport", "udp"));
        }
    }

    /** Takes one INVITE on {@code merchant} and answers it 486; returns the INVITE's head. */
    private static String answerBusy(SSLServerSocket merchant) {
        try (SSLSocket huibo = (SSLSocket) merchant.accept()) {
            huibo.setSoTimeout(10_000);
            String invite = SipProbe.readMessage(huibo.getInputStream());
            assertNotNull("Huibo's INVITE over TLS", invite);
            huibo.getOutputStream().write(SipProbe.answer(invite, 486, "Busy Here").getBytes(StandardCharsets.UTF_8));
            huibo.getOutputStream().flush();
            // Huibo ACKs the 486 on the same connection; read it so the connection closes cleanly
            SipProbe.readMessage(huibo.getInputStream());
            return invite;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    public void malformedPacketsLeaveNoTraceOfTheirNumbersInTheLog() throws Exception {
        Path log = karafLog();
        long before = Files.size(log);
        String number = "+8613612345678";
        List<String> malformed = List.of(
                "INVITE sip:" + number + "@h SIP/2.0\r\nVia: SIP/2.0/UDP\r\nFrom: <sip:" + number
                        + "@h>;tag=1\r\nTo: <sip:a@h>\r\nCall-ID: m1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
                "SIP/2.0 200 OK\r\nFrom: <sip:" + number + "@h>;tag=1\r\nTo: <sip:" + number
                        + "@h>\r\nCall-ID: m2\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
                "INVITE sip:" + number + "@h SIP/2.0\r\nFrom: \"" + number + "\" <sip:" + number
                        + "@h>;tag=1\r\nTo: <sip:a@h>\r\nCall-ID: m3\r\nContent-Length: 0\r\n\r\n",
                "INVITE sip:" + number + "@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:" + number
                        + "@h>;tag=1\r\nTo: <sip:a@h>\r\nCall-ID: m4\r\nCSeq: 1 INVITE\r\nContent-Length: 99999\r\n\r\nv=0",
                "\u0001\u0002 " + number + " \u00ff\r\n\r\n");
        InetSocketAddress huibo = new InetSocketAddress("127.0.0.1", sipPort());
        for (int port : new int[] {0, trunkPort()}) {
            try (DatagramSocket sender = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
                for (String packet : malformed) {
                    SipProbe.send(sender, huibo, packet);
                }
            }
        }
        // JAIN-SIP's own lines show the packets were read and logged: one dropped for want of a
        // Via, one (without CSeq) that failed the stack, which writes the whole datagram
        awaitLogLine(log, before, "Dropped a request without From, To, Call-ID, CSeq or Via");
        String written = awaitLogLine(log, before, "Error while processing incoming UDP packet[65536 bytes]");
        for (String trace : List.of("13612345678", "3612345678", "612345678", "[73, 78, 86")) {
            assertFalse("karaf.log shows " + trace, written.contains(trace));
        }
    }

    private static int sipPort() {
        return Integer.getInteger("huibo.it.sip.port");
    }

    private static String requestUri() {
        return "sip:" + DISPLAY + "@127.0.0.1:" + sipPort();
    }

    private static String tlsUri() {
        return "sip:" + DISPLAY + "@127.0.0.1:" + Integer.getInteger("huibo.it.sip.tls.port") + ";transport=tls";
    }

    /** What a TLS peer presenting {@code certificate} (none if empty) gets to an OPTIONS; null if nothing. */
    private static SipProbe.Answer answerOverTls(String certificate) throws Exception {
        try (SSLSocket peer = connect(certificate)) {
            return SipProbe.overTls(peer, SipProbe.Request.options(tlsUri(), "TLS", (InetSocketAddress) peer.getLocalSocketAddress()));
        } catch (SSLException | java.net.SocketException refused) {
            return null; // the handshake failed: Huibo would not talk to it
        }
    }

    /** A TLS connection to Huibo that trusts Huibo's certificate and shows {@code certificate}'s, if any. */
    private static SSLSocket connect(String certificate) throws Exception {
        Path dir = Path.of(System.getProperty("huibo.it.sip.tls.dir"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(dir.resolve("peer-trust.p12")));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(certificate.isEmpty() ? null : load(dir.resolve(certificate + ".p12")), STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(certificate.isEmpty() ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
                Integer.getInteger("huibo.it.sip.tls.port"));
        socket.setSoTimeout(5_000);
        socket.startHandshake();
        return socket;
    }

    /** A TLS server socket on loopback showing {@code certificate}'s key, as a phone of the dial plan. */
    private static SSLServerSocket listen(String certificate, int port) throws Exception {
        Path dir = Path.of(System.getProperty("huibo.it.sip.tls.dir"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(dir.resolve(certificate + ".p12")), STORE_PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(port, 5,
                InetAddress.getByName("127.0.0.1"));
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        return store;
    }

    /** What the log gained since {@code from}, once it holds {@code line}; fails after 20 s without it. */
    private static String awaitLogLine(Path log, long from, String line) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String written = "";
        while (System.nanoTime() < deadline) {
            byte[] all = Files.readAllBytes(log);
            written = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                    StandardCharsets.UTF_8);
            if (written.contains(line)) {
                return written;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("karaf.log never showed '" + line + "': " + written);
    }

    private static void newKeyPair(Path dir, String name, String subject, String san) throws IOException {
        List<String> command = new ArrayList<>(List.of(keytool(), "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", subject, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(name + ".p12").toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
        if (san != null) {
            command.addAll(List.of("-ext", "san=" + san));
        }
        run(command);
        run(List.of(keytool(), "-exportcert", "-alias", name, "-keystore", dir.resolve(name + ".p12").toString(),
                "-storepass", STORE_PASSWORD, "-file", dir.resolve(name + ".crt").toString()));
    }

    private static void trust(Path dir, String name, String trustStore) throws IOException {
        run(List.of(keytool(), "-importcert", "-noprompt", "-alias", name, "-file", dir.resolve(name + ".crt").toString(),
                "-storetype", "PKCS12", "-keystore", dir.resolve(trustStore).toString(), "-storepass", STORE_PASSWORD));
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + command + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
