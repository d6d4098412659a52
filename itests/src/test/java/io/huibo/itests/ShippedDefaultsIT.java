package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import io.huibo.api.Tenant;

/**
 * The distribution as shipped, run as an operator runs it (not in Pax Exam, whose container
 * rewrites etc/ and unpacks the archive its own way): the demo is off, HTTP and SSH listen on
 * loopback only, SFTP is off, secrets and records are their owner's alone and a start warns
 * when they are not, and HTTPS with an operator's keystore serves the signed API. Only the
 * ports, one API key, the keystore and an SSH key are added to what the tar.gz holds.
 */
public class ShippedDefaultsIT {
    private static final String KEYSTORE_PASSWORD = "itest-" + UUID.randomUUID();
    private static final String EXPOSED = "readable by group or others";
    private static final Set<PosixFilePermission> NOT_OWNER = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static Path work;
    private static KarafServer karaf;
    private static int httpPort;
    private static int httpsPort;
    private static int sshPort;
    private static ApiClient api;
    /** karaf.log as it was after the first start, before any test changed a file. */
    private static String firstStartLog;

    @BeforeClass
    public static void startAsShipped() throws Exception {
        work = Files.createDirectories(Path.of(System.getProperty("huibo.it.work"), "shipped-defaults"));
        httpPort = HuiboTestSupport.freePort();
        httpsPort = HuiboTestSupport.freePort();
        karaf = KarafServer.unpack(Path.of(System.getProperty("huibo.distribution")), work.resolve("karaf"), httpPort);
        sshPort = HuiboTestSupport.freePort();
        karaf.configure("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        karaf.configure("io.huibo.engine.cfg", "sipPort", String.valueOf(HuiboTestSupport.freePort()));
        karaf.configure("io.huibo.apikey-itest.cfg", "tenant", Tenant.DEFAULT);
        karaf.configure("io.huibo.apikey-itest.cfg", "keyId", HuiboTestSupport.KEY_ID);
        karaf.configure("io.huibo.apikey-itest.cfg", "secret", HuiboTestSupport.KEY_SECRET);
        karaf.configure("io.huibo.apikey-itest.cfg", "rights", "calls");
        turnOnHttps();
        allowShellKey();
        System.setProperty("huibo.it.http.port", String.valueOf(httpPort)); // where ApiClient finds the API
        api = new ApiClient(HuiboTestSupport.KEY_ID, HuiboTestSupport.KEY_SECRET);
        karaf.start("/api/v1/openapi.json");
        api.awaitAccepted();
        firstStartLog = karafLog();
    }

    @AfterClass
    public static void stopKaraf() throws Exception {
        System.clearProperty("huibo.it.http.port");
        if (karaf != null) {
            karaf.stop();
        }
    }

    @Test
    public void theTarGzShipsSecretsAndTheRecordsFolderOwnerOnly() throws Exception {
        Path home = KarafServer.unpack(Path.of(System.getProperty("huibo.distribution")), work.resolve("unpacked"),
                HuiboTestSupport.freePort()).home();
        List<String> secrets = new ArrayList<>();
        try (Stream<Path> etc = Files.list(home.resolve("etc"))) {
            etc.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith("io.huibo.") || name.startsWith("org.ops4j.datasource-")
                            || name.equals("org.ops4j.pax.web.cfg") || name.equals("users.properties"))
                    .sorted().forEach(secrets::add);
        }
        assertTrue(secrets.toString(), secrets.containsAll(List.of("io.huibo.adapter.ktv.cfg", "io.huibo.button.cfg",
                "io.huibo.engine.cfg", "io.huibo.demo.cfg", "org.ops4j.datasource-huibo.cfg", "users.properties")));
        for (String name : secrets) {
            assertEquals(name, "rw-------", mode(home.resolve("etc").resolve(name)));
        }
        assertEquals("rwx------", mode(home.resolve("data/huibo")));
        assertEquals("rwxr-xr-x", mode(home.resolve("bin/karaf")));
        assertEquals("rw-r--r--", mode(home.resolve("etc/org.apache.karaf.log.cfg")));
    }

    @Test
    public void theDemoIsOffAndNothingMintsOrPlacesCallsWithoutATenantsKey() throws Exception {
        assertEquals(404, karaf.get("/huibo/demo/").statusCode());
        HttpResponse<String> mint = karaf.postJson("/api/v1/button-tokens", "{\"from\": \"" + HuiboTestSupport.PHONE_A
                + "\", \"to\": \"" + HuiboTestSupport.PHONE_B + "\"}");
        assertEquals(mint.body(), 401, mint.statusCode());
        HttpResponse<String> call = karaf.postJson("/huibo/button/calls", "{\"token\": \"forged-" + UUID.randomUUID() + "\"}");
        assertEquals(call.body(), 401, call.statusCode());
        HttpResponse<String> calls = api.send("GET", "/calls", null, Map.of());
        assertEquals(calls.body(), 200, calls.statusCode());
        assertTrue(calls.body(), calls.body().contains("\"items\":[]"));
    }

    @Test
    public void httpHttpsAndSshListenOnLoopbackOnly() throws Exception {
        InetAddress outside = nonLoopbackAddress();
        assumeTrue("this machine has no non-loopback IPv4 address", outside != null);
        for (int port : new int[] {httpPort, httpsPort, sshPort}) {
            try (Socket local = new Socket()) {
                local.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            }
            assertThrows("port " + port + " on " + outside, IOException.class, () -> { // refused, or dropped by a firewall
                try (Socket remote = new Socket()) {
                    remote.connect(new InetSocketAddress(outside, port), 5000);
                }
            });
        }
    }

    @Test
    public void httpsWithTheOperatorsKeystoreServesTheSignedApiToAVerifyingClient() throws Exception {
        HttpClient verifying = HttpClient.newBuilder().sslContext(trusting(work.resolve("huibo-https.pem")))
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> answer = verifying.send(signed("GET", "/callbacks/none"), HttpResponse.BodyHandlers.ofString());
        assertEquals(answer.body(), 404, answer.statusCode()); // signature checked, then no such callback
        assertTrue(answer.body(), answer.body().contains("\"code\":\"NOT_FOUND\""));
        assertEquals(401, verifying.send(HttpRequest.newBuilder(httpsUrl("/api/v1/callbacks/none")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        // a client that trusts only the usual authorities refuses the certificate: the check is real
        HttpClient usual = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(SSLHandshakeException.class, () -> usual.send(signed("GET", "/callbacks/none"),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    public void sshTakesTheOperatorsKeyOnLoopbackButRefusesSftp() throws Exception {
        Process shell = ssh("ssh", "-p", String.valueOf(sshPort), "karaf@127.0.0.1", "echo shell-works");
        String shellOut = output(shell);
        assertEquals(shellOut, 0, shell.exitValue());
        assertTrue(shellOut, shellOut.contains("shell-works"));

        Process sftp = ssh("sftp", "-b", "-", "-P", String.valueOf(sshPort), "karaf@127.0.0.1");
        String sftpOut = output(sftp);
        assertNotEquals(sftpOut, 0, sftp.exitValue());
        assertTrue(sftpOut, sftpOut.contains("subsystem request failed"));
    }

    @Test
    public void theDatabaseAndKeysAreMadeOwnerOnlyAndTheShippedStartWarnsOfNothing() throws Exception {
        Path records = karaf.home().resolve("data/huibo");
        assertTrue(Files.isDirectory(records.resolve("derby")));
        assertTrue(Files.exists(records.resolve("master.key")));
        List<String> open = new ArrayList<>();
        try (Stream<Path> all = Files.walk(records)) {
            all.filter(p -> !Collections.disjoint(permissions(p), NOT_OWNER)).forEach(p -> open.add(p + " " + mode(p)));
        }
        assertEquals(List.of(), open);
        assertFalse(firstStartLog, firstStartLog.contains(EXPOSED));
    }

    @Test
    public void aStartAfterASecretWasMadeWorldReadableWarnsNamingIt() throws Exception {
        Path key = karaf.home().resolve("etc/io.huibo.apikey-itest.cfg");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            int before = karafLog().length();
            karaf.stop();
            karaf.start("/api/v1/openapi.json");
            api.awaitAccepted();
            String restart = karafLog().substring(before);
            List<String> warnings = restart.lines().filter(l -> l.contains(EXPOSED)).toList();
            assertEquals(restart, 1, warnings.size());
            assertTrue(warnings.get(0), warnings.get(0).contains("WARN") && warnings.get(0).contains(key.toString()));
        } finally {
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** A self-signed certificate for 127.0.0.1 in a PKCS12 keystore in etc/, made as the README says. */
    private static void turnOnHttps() throws Exception {
        Path keystore = karaf.home().resolve("etc/huibo-https.p12");
        run(keytool(), "-genkeypair", "-alias", "huibo", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", KEYSTORE_PASSWORD);
        Files.setPosixFilePermissions(keystore, PosixFilePermissions.fromString("rw-------"));
        run(keytool(), "-exportcert", "-rfc", "-alias", "huibo", "-keystore", keystore.toString(), "-storepass",
                KEYSTORE_PASSWORD, "-file", work.resolve("huibo-https.pem").toString());
        String web = "org.ops4j.pax.web.cfg";
        karaf.configure(web, "org.osgi.service.http.secure.enabled", "true");
        karaf.configure(web, "org.osgi.service.http.port.secure", String.valueOf(httpsPort));
        karaf.configure(web, "org.ops4j.pax.web.ssl.keystore", "${karaf.etc}/huibo-https.p12");
        karaf.configure(web, "org.ops4j.pax.web.ssl.keystore.type", "PKCS12");
        karaf.configure(web, "org.ops4j.pax.web.ssl.keystore.password", KEYSTORE_PASSWORD);
        karaf.configure(web, "org.ops4j.pax.web.ssl.key.password", KEYSTORE_PASSWORD);
        karaf.configure(web, "org.ops4j.pax.web.ssl.key.alias", "huibo");
    }

    /** An operator's SSH key for the shell user {@code karaf}, in etc/keys.properties. */
    private static void allowShellKey() throws Exception {
        Path key = work.resolve("id_rsa");
        Files.deleteIfExists(key);
        Files.deleteIfExists(work.resolve("id_rsa.pub"));
        run("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key.toString());
        String publicKey = Files.readString(work.resolve("id_rsa.pub")).split(" ")[1];
        karaf.configure("keys.properties", "karaf", publicKey + ",_g_:admingroup");
    }

    private static Process ssh(String... command) throws IOException {
        List<String> line = new ArrayList<>(List.of(command[0], "-i", work.resolve("id_rsa").toString(), "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "ConnectTimeout=10"));
        line.addAll(List.of(command).subList(1, command.length));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        process.getOutputStream().close(); // sftp's batch: nothing
        return process;
    }

    private static String output(Process process) throws Exception {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 30 s: " + out);
        }
        return out;
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = output(process);
        assertEquals(out, 0, process.exitValue());
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static SSLContext trusting(Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("huibo", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static HttpRequest signed(String method, String path) {
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        String fullPath = "/api/v1" + path;
        return HttpRequest.newBuilder(httpsUrl(fullPath)).timeout(Duration.ofSeconds(10))
                .header("X-Huibo-Key", HuiboTestSupport.KEY_ID).header("X-Huibo-Timestamp", timestamp)
                .header("X-Huibo-Nonce", nonce)
                .header("X-Huibo-Signature", api.sign(method, fullPath, timestamp, nonce, new byte[0]))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
    }

    private static URI httpsUrl(String path) {
        return URI.create("https://127.0.0.1:" + httpsPort + path);
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return address;
                    }
                }
            }
        }
        return null;
    }

    private static String karafLog() throws IOException {
        return Files.readString(karaf.home().resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
    }

    private static Set<PosixFilePermission> permissions(Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String mode(Path path) {
        return PosixFilePermissions.toString(permissions(path));
    }
}
