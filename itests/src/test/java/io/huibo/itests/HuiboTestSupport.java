package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What every Huibo integration test shares: the real distribution, unpacked and started by
 * Pax Exam with its ports moved out of the way, two SIPp phones routed by the engine's dial
 * plan, and an HTTP client for the API. Values chosen here reach the tests inside the container
 * through {@code etc/system.properties}.
 */
public abstract class HuiboTestSupport {
    protected static final String PHONE_A = "+8613800138000";
    protected static final String PHONE_B = "+8613900139000";
    protected static final String DISPLAY = "+8657188880000";
    private static final String KARAF_VERSION = "4.4.9";

    @Inject
    protected BundleContext bundleContext;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Configuration
    public Option[] config() throws IOException {
        String distribution = new File(System.getProperty("huibo.distribution")).toURI().toString();
        String work = System.getProperty("huibo.it.work");
        Files.createDirectories(Path.of(work));
        int httpPort = freePort();
        List<Option> options = new ArrayList<>(List.of(
                karafDistributionConfiguration().frameworkUrl(distribution).name("Huibo")
                        .unpackDirectory(new File("target/exam")).useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(httpPort)),
                sysProp("huibo.it.http.port", httpPort),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort())),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort())),
                // Pax Exam's own bundles come from the build's local repository, nowhere else
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("maven.repo.local")),
                sysProp("huibo.it.work", work),
                sysProp("huibo.sipp.scenarios", System.getProperty("huibo.sipp.scenarios")),
                // the Java 9+ flags bin/karaf passes, which Pax Exam does not
                vmOptions("--add-reads=java.xml=java.logging",
                        "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                        "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-" + KARAF_VERSION + ".jar",
                        "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-" + KARAF_VERSION + ".jar",
                        "--add-opens", "java.base/java.security=ALL-UNNAMED",
                        "--add-opens", "java.base/java.net=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/java.util=ALL-UNNAMED",
                        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                        "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                        "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                        "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                        "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                        "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED")));
        int sipPort = freePort();
        int phoneA = freePort();
        int phoneB = freePort();
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "sipPort", String.valueOf(sipPort)));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "routes",
                PHONE_A + "=127.0.0.1:" + phoneA + ", " + PHONE_B + "=127.0.0.1:" + phoneB));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "displayNumbers", DISPLAY));
        options.add(sysProp("huibo.it.phoneA.port", phoneA));
        options.add(sysProp("huibo.it.phoneB.port", phoneB));
        return options.toArray(new Option[0]);
    }

    private static Option sysProp(String key, Object value) {
        return editConfigurationFilePut("etc/system.properties", key, String.valueOf(value));
    }

    /** A port free for both TCP and UDP on loopback right now. */
    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // UDP side in use: try another
                }
            }
        }
        throw new IOException("no free port on loopback");
    }

    protected int phonePort(String phone) {
        return Integer.getInteger(phone.equals(PHONE_A) ? "huibo.it.phoneA.port" : "huibo.it.phoneB.port");
    }

    protected Path workDir(String name) throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("huibo.it.work"), name));
    }

    protected SippPhone phone(String number, String scenario, Path dir) throws IOException {
        return SippPhone.start(Path.of(System.getProperty("huibo.sipp.scenarios"), scenario), phonePort(number),
                dir.resolve(number.substring(1)));
    }

    private void assertHuiboBundlesActive() {
        List<String> expected = List.of("huibo-api", "huibo-store", "huibo-engine", "huibo-rest");
        for (String name : expected) {
            Bundle bundle = findBundle(name);
            assertTrue(name + " is installed", bundle != null);
            assertEquals(name + " is active", Bundle.ACTIVE, bundle.getState());
        }
    }

    private Bundle findBundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    /** The API's answer: status and JSON body. */
    protected record ApiResponse(int status, JsonObject body) {
    }

    protected ApiResponse post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    protected ApiResponse get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(api(path)).GET());
    }

    private ApiResponse send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        try {
            return new ApiResponse(response.statusCode(), JsonParser.parseString(response.body()).getAsJsonObject());
        } catch (RuntimeException e) {
            throw new AssertionError("not a JSON object answer: " + response.statusCode() + " " + response.body(), e);
        }
    }

    /**
     * Waits until the whole product is up: every Huibo bundle active, and the API servlet
     * registered with Jetty, which happens after its service appears.
     */
    @Before
    public void awaitHuibo() throws IOException, InterruptedException {
        assertHuiboBundlesActive();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(api("/callbacks/none")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404 && response.body().contains("NOT_FOUND")) {
                    return;
                }
            } catch (IOException notYetListening) {
                // Jetty is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the HTTP API did not come up within 30 s");
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + System.getProperty("huibo.it.http.port") + "/api/v1" + path);
    }

    /** Polls the callback until it has ended, for at most {@code limit}. */
    protected JsonObject awaitEnded(String id, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonObject call;
        do {
            call = get("/callbacks/" + id).body();
            if ("ended".equals(call.get("state").getAsString())) {
                return call;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("call " + id + " has not ended after " + limit + ": " + call);
    }
}
