package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.huibo.api.CallbackService;

/**
 * What every Huibo integration test shares: the real distribution, unpacked and started by
 * Pax Exam with its ports moved out of the way, two SIPp phones routed by the engine's dial
 * plan, and an HTTP client for the API. Values chosen here reach the tests inside the container
 * through {@code etc/system.properties}. The store is the distribution's Derby, or with
 * {@code huibo.it.database=postgresql} a PostgreSQL database of the test class's own
 * ({@link PostgresStore}).
 */
public abstract class HuiboTestSupport {
    protected static final String PHONE_A = "+8613800138000";
    protected static final String PHONE_B = "+8613900139000";
    protected static final String DISPLAY = "+8657188880000";
    private static final String KARAF_VERSION = "4.4.9";
    /** What etc/io.huibo.webhook.cfg allows here besides public addresses: the test's receivers. */
    protected static final String LOOPBACK_RECEIVERS = "127.0.0.1/32";

    @Inject
    protected BundleContext bundleContext;


    @Inject
    protected ConfigurationAdmin configAdmin;

    private static int configurationChanges;

    /** The API key etc/io.huibo.apikey-itest.cfg gives the default tenant. */
    protected static final String KEY_ID = "itest";
    protected static final String KEY_SECRET = "itest-secret-0123456789abcdef";

    protected final ApiClient api = new ApiClient(KEY_ID, KEY_SECRET);

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
                // the probe waits this long for Pax Exam's injector, which comes up only once the boot features
                // are installed: on a loaded 2-core machine Karaf's start and that install took over 60 s
                sysProp("pax.exam.service.timeout", 180000),
                // and the extender as long (not its 10 s) for the invoker once the probe has started: past
                // that the probe never registers, and the test waits for it without end
                sysProp("org.ops4j.pax.exam.raw.extender.intern.Parser.DEFAULT_TIMEOUT", 180000),
                // each container's log outlives its unpacked folder, for .ci/run to show when a test fails
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.fileName",
                        logFile(work).toString()),
                editConfigurationFilePut("etc/org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.filePattern",
                        logFile(work) + ".%i"),
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
        int trunkPort = freePort();
        int phoneA = freePort();
        int phoneB = freePort();
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "sipPort", String.valueOf(sipPort)));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "routes",
                PHONE_A + "=127.0.0.1:" + phoneA + ", " + PHONE_B + "=127.0.0.1:" + phoneB));
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "displayNumbers", DISPLAY));
        // no trunk runs in the tests: keep-alives only where a test asks for them
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "trunkKeepaliveSeconds", "0"));
        options.add(sysProp("huibo.it.sip.port", sipPort));
        // callers posing as the trunk send from its address and port: over UDP both must match
        options.add(editConfigurationFilePut("etc/io.huibo.engine.cfg", "trunkPort", String.valueOf(trunkPort)));
        options.add(sysProp("huibo.it.trunk.port", trunkPort));
        // the same two phones call each other all day long here: PolicyIT sets a cap of its own
        options.add(editConfigurationFilePut("etc/io.huibo.policy.cfg", "dailyCapPerPair", "0"));
        // the tests' webhook receivers listen on loopback, which an install refuses unless its operator allows it
        options.add(editConfigurationFilePut("etc/io.huibo.webhook.cfg", "allowedNetworks", LOOPBACK_RECEIVERS));
        options.add(sysProp("huibo.it.phoneA.port", phoneA));
        options.add(sysProp("huibo.it.phoneB.port", phoneB));
        options.add(editConfigurationFilePut("etc/io.huibo.apikey-itest.cfg", "tenant", "default"));
        options.add(editConfigurationFilePut("etc/io.huibo.apikey-itest.cfg", "keyId", KEY_ID));
        options.add(editConfigurationFilePut("etc/io.huibo.apikey-itest.cfg", "secret", KEY_SECRET));
        // the install's own key, declared in etc/: it may also assign numbers to pools
        options.add(editConfigurationFilePut("etc/io.huibo.apikey-itest.cfg", "rights", "calls,bindings,numbers,operator"));
        options.add(sysProp("huibo.it.database", System.getProperty("huibo.it.database", "derby")));
        if (PostgresStore.selected()) {
            options.addAll(PostgresStore.create(getClass().getSimpleName()).options());
        }
        return options.toArray(new Option[0]);
    }

    /** Where this test class's container logs: {@code <work>/karaf-logs/<class>.log}. */
    private Path logFile(String work) {
        return Path.of(work, "karaf-logs", getClass().getSimpleName() + ".log");
    }

    /** This test class's karaf.log, as the container writes it. */
    protected Path karafLog() {
        return logFile(System.getProperty("huibo.it.work"));
    }

    private static Option sysProp(String key, Object value) {
        return editConfigurationFilePut("etc/system.properties", key, String.valueOf(value));
    }

    /** A port free for both TCP and UDP on loopback right now. */
    protected static int freePort() throws IOException {
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

    /** The trunk's port in etc/: callers posing as the trunk send from it. */
    protected static int trunkPort() {
        return Integer.getInteger("huibo.it.trunk.port");
    }

    protected int phonePort(String phone) {
        return Integer.getInteger(phone.equals(PHONE_A) ? "huibo.it.phoneA.port" : "huibo.it.phoneB.port");
    }

    protected Path workDir(String name) throws IOException {
        return Files.createDirectories(Path.of(System.getProperty("huibo.it.work"), name));
    }

    protected SippPhone phone(String number, String scenario, Path dir, String... sippArgs) throws IOException {
        return phone(number, scenario, dir, 1, sippArgs);
    }

    /** A phone that takes {@code calls} calls before it stops. */
    protected SippPhone phone(String number, String scenario, Path dir, int calls, String... sippArgs) throws IOException {
        return SippPhone.start(scenarioFile(scenario), phonePort(number), dir.resolve(number.substring(1)), calls, sippArgs);
    }

    /** What a test does while two SIPp peers run. */
    protected interface PeersAtWork {
        void run(SippPhone first, SippPhone second) throws Exception;
    }

    /** Runs {@code test} with two SIPp peers already started, and stops both whatever happens. */
    protected static void withPhones(SippPhone first, SippPhone second, PeersAtWork test) throws Exception {
        try {
            test.run(first, second);
        } finally {
            first.stop();
            second.stop();
        }
    }

    /** A SIPp caller from {@code localIp} dialling the display number at Huibo's SIP port from a stranger's number. */
    protected SippPhone caller(String scenario, String localIp, Path dir) throws IOException {
        return caller(scenario, localIp, "+8613700137000", DISPLAY, dir);
    }

    /**
     * A SIPp caller from {@code localIp} and the trunk's port, as {@code number}, dialling
     * {@code x} at Huibo's SIP port: from 127.0.0.1 it is the trunk.
     */
    protected SippPhone caller(String scenario, String localIp, String number, String x, Path dir, String... sippArgs)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("-key", "caller_number", number, "-key", "x_number", x));
        args.addAll(List.of(sippArgs));
        return SippPhone.call(scenarioFile(scenario), localIp, trunkPort(), "127.0.0.1:" + Integer.getInteger("huibo.it.sip.port"),
                dir.resolve("caller-" + number.substring(1)), args.toArray(new String[0]));
    }

    /** A scenario of {@code itests/src/test/resources/sipp}, or a file of the test's own when a path. */
    protected static Path scenarioFile(String name) {
        return name.startsWith("/") ? Path.of(name) : Path.of(System.getProperty("huibo.sipp.scenarios"), name);
    }

    /** Places a callback between the two test phones and returns its id. */
    protected String placeCallback(String extraJson) throws IOException, InterruptedException {
        ApiResponse placed = post("/callbacks", "{\"from\": \"" + PHONE_A + "\", \"to\": \"" + PHONE_B + "\""
                + (extraJson.isEmpty() ? "" : ", " + extraJson) + "}");
        assertEquals(placed.body().toString(), 201, placed.status());
        return placed.body().get("id").getAsString();
    }

    /** Polls the callback until {@code condition} holds, for at most 20 s. */
    protected JsonObject awaitCall(String id, java.util.function.Predicate<JsonObject> condition, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonObject call;
        do {
            call = get("/callbacks/" + id).body();
            if (condition.test(call)) {
                return call;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("call " + id + " never became " + what + ": " + call);
    }

    protected static boolean inState(JsonObject call, String state) {
        return state.equals(call.get("state").getAsString());
    }

    protected ApiResponse delete(String path) throws IOException, InterruptedException {
        return json(api.send("DELETE", path, null, Map.of()));
    }

    /** The status and the Retry-After header of a POST, for overload checks. */
    protected HttpResponse<String> rawPost(String path, String json) throws IOException, InterruptedException {
        return api.send("POST", path, json, Map.of());
    }

    private void awaitServiceOf(Class<?> type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (bundleContext.getServiceReference(type) == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * Runs a Karaf shell command as an operator would, and returns what it printed; a command
     * that fails throws.
     */
    protected String executeCommand(String command) throws Exception {
        SessionFactory sessions = bundleContext.getService(bundleContext.getServiceReference(SessionFactory.class));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessions.create(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The engine's service as registered now: a restarted engine is a new service object. */
    protected CallbackService engine() {
        ServiceReference<CallbackService> reference = bundleContext.getServiceReference(CallbackService.class);
        assertTrue("the call engine's service is registered", reference != null);
        return bundleContext.getService(reference);
    }

    /** Every Huibo bundle active, waiting a little for one that a test restarted. */
    private void assertHuiboBundlesActive() throws InterruptedException {
        List<String> expected = List.of("huibo-api", "huibo-store", "huibo-binding", "huibo-engine", "huibo-rest",
                "huibo-web", "huibo-adapter-core", "huibo-webhook");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        for (String name : expected) {
            Bundle bundle = findBundle(name);
            assertTrue(name + " is installed", bundle != null);
            while (bundle.getState() != Bundle.ACTIVE && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(name + " is active", Bundle.ACTIVE, bundle.getState());
        }
    }

    /**
     * Waits, after bundles were stopped, until Jetty has let go of the API's servlet if it went
     * with them: pax-web unregisters asynchronously, and refuses a servlet registered again
     * meanwhile under the name still taken. Call before starting the bundles again.
     */
    protected void awaitApiServletGone() throws Exception {
        String filter = "(osgi.http.whiteboard.servlet.name=huibo-api-v1)";
        if (bundleContext.getServiceReferences("javax.servlet.Servlet", filter) != null) {
            return; // the API stayed up
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!api.send("GET", "/callbacks/none", null, Map.of()).body().contains("NOT_FOUND")) {
                    return;
                }
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Jetty still serves the API 10 s after its servlet was unregistered");
    }

    protected Bundle findBundle(String symbolicName) {
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
        return json(api.send("POST", path, json, Map.of()));
    }

    protected ApiResponse get(String path) throws IOException, InterruptedException {
        return json(api.send("GET", path, null, Map.of()));
    }

    protected static ApiResponse json(HttpResponse<String> response) {
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
    public void awaitHuibo() throws Exception {
        awaitServiceOf(CallbackService.class);
        assertHuiboBundlesActive();
        assertStoreDatabase();
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = api.send("GET", "/callbacks/none", null, Map.of());
                last = response.statusCode() + " " + response.body() + ", active calls " + engine().status().activeCalls();
                // each test starts from an idle engine, whatever the one before it left ringing
                if (response.statusCode() == 404 && response.body().contains("NOT_FOUND")
                        && engine().status().activeCalls() == 0) {
                    return;
                }
            } catch (IOException notYetListening) {
                // Jetty is still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the HTTP API did not come up, or calls stayed in progress, for 40 s: " + last);
    }

    /** The store's DataSource is on the database this run asked for, and does not show its password. */
    private void assertStoreDatabase() throws Exception {
        ServiceReference<?>[] dataSources = bundleContext.getServiceReferences("javax.sql.DataSource",
                "(osgi.jndi.service.name=jdbc/huibo)");
        assertTrue("jdbc/huibo is registered", dataSources != null && dataSources.length == 1);
        String url = String.valueOf(dataSources[0].getProperty("url"));
        assertTrue(url, url.startsWith(PostgresStore.selected() ? "jdbc:postgresql:" : "jdbc:derby:"));
        for (String key : dataSources[0].getPropertyKeys()) {
            assertFalse("the DataSource's properties show " + key, key.contains("password"));
        }
    }

    /** Polls the callback until it has ended. */
    protected JsonObject awaitEnded(String id) throws IOException, InterruptedException {
        return awaitCall(id, c -> inState(c, "ended"), "ended");
    }

    /**
     * Changes the engine's configuration through ConfigAdmin, as an operator would, and waits
     * until the engine runs with it: each change also sets a capacity of its own, which the
     * engine's status shows once applied.
     */
    protected void reconfigureEngine(Map<String, Object> changes) throws IOException, InterruptedException {
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.huibo.engine", null);
        Dictionary<String, Object> properties = configuration.getProperties();
        changes.forEach(properties::put);
        int capacity = changes.containsKey("maxCalls") ? Integer.parseInt(changes.get("maxCalls").toString())
                : 1000 + (++configurationChanges);
        properties.put("maxCalls", String.valueOf(capacity));
        configuration.update(properties);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine().status().capacity() != capacity) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the engine did not take its new configuration");
            }
            Thread.sleep(50);
        }
    }
}
