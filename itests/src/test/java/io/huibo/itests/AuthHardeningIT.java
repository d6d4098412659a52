package io.huibo.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

import com.google.gson.JsonParser;

import io.huibo.api.ApiKey;
import io.huibo.api.Issued;
import io.huibo.api.Right;
import io.huibo.api.Tenant;
import io.huibo.api.TenantService;

/**
 * Nothing costly before authentication, against the real distribution: a flood of unknown key
 * ids leaves the heap and the key cache flat, an address that keeps failing is throttled before
 * its body is read, a key over its rate spends no nonce, timestamps that would overflow the skew
 * check are refused, and a key declared in etc/ that an operator revoked stays revoked when the
 * store starts again and reads etc/ anew.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AuthHardeningIT extends HuiboTestSupport {
    private static final int FLOOD = 20_000;
    private static final int MEASURED = 1000;
    private static final int CACHE_SIZE = 50;
    private static final int REAL_KEYS = CACHE_SIZE + 10;
    private static final long MAX_HEAP_GROWTH = 16L << 20;
    private static final String REVOCABLE_ID = "etc-revocable";
    private static final String REVOCABLE_SECRET = "revocable-secret-0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @Filter("(osgi.jndi.service.name=jdbc/huibo)")
    private DataSource dataSource;

    @Inject
    private ServiceComponentRuntime scr;

    @Override
    @Configuration
    public Option[] config() throws IOException {
        List<Option> options = new ArrayList<>(List.of(super.config()));
        options.add(editConfigurationFilePut("etc/io.huibo.security.cfg", "keyCacheSize", String.valueOf(CACHE_SIZE)));
        options.add(editConfigurationFilePut("etc/io.huibo.apikey-revocable.cfg", "tenant", Tenant.DEFAULT));
        options.add(editConfigurationFilePut("etc/io.huibo.apikey-revocable.cfg", "keyId", REVOCABLE_ID));
        options.add(editConfigurationFilePut("etc/io.huibo.apikey-revocable.cfg", "secret", REVOCABLE_SECRET));
        options.add(editConfigurationFilePut("etc/io.huibo.apikey-revocable.cfg", "rights", "numbers"));
        return options.toArray(new Option[0]);
    }

    @Test
    public void twentyThousandUnknownKeyIdsLeaveTheHeapAndTheKeyCacheFlat() throws Exception {
        List<ApiClient> realKeys = new ArrayList<>();
        for (int i = 0; i < REAL_KEYS; i++) {
            Issued<ApiKey> key = tenants().createKey(Tenant.DEFAULT, EnumSet.of(Right.NUMBERS));
            realKeys.add(new ApiClient(key.value().id(), key.secret()));
        }
        // the worst case: the flood comes from so many addresses that the throttle never holds it back,
        // and every request reaches the key lookup
        reconfigureApi(Map.of("authFailureBurst", "1000000"));
        long[] nanos = new long[FLOOD];
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        long heapBefore;
        long heapAfter;
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            flood(http, 0, MEASURED, nanos, statuses, deadline);
            heapBefore = heapAfterGc();
            for (ApiClient real : realKeys) {
                assertEquals("a real key still gets in", 200, real.send("GET", "/numbers", null, Map.of()).statusCode());
            }
            flood(http, MEASURED, FLOOD, nanos, statuses, deadline);
            heapAfter = heapAfterGc();
        } finally {
            reconfigureApi(Map.of("authFailureBurst", "20"));
        }
        for (ApiClient real : realKeys) {
            assertEquals(200, real.send("GET", "/numbers", null, Map.of()).statusCode());
        }
        long cached = keyCacheSize(tenants());

        String report = String.format("AuthHardeningIT flood of %d unknown key ids: statuses %s; heap after GC %.1f MB"
                + " after the first %d, %.1f MB after all (growth %.1f MB); key cache %d of at most %d;"
                + " answer times first %d p50 %.2f ms p99 %.2f ms, last %d p50 %.2f ms p99 %.2f ms%n",
                FLOOD, statuses, heapBefore / 1048576.0, MEASURED, heapAfter / 1048576.0,
                (heapAfter - heapBefore) / 1048576.0, cached, CACHE_SIZE, MEASURED,
                percentile(nanos, 0, 50), percentile(nanos, 0, 99), MEASURED,
                percentile(nanos, FLOOD - MEASURED, 50), percentile(nanos, FLOOD - MEASURED, 99));
        System.out.print(report);
        Files.writeString(workDir("auth-hardening").resolve("flood.txt"), report);

        assertEquals("every unknown key id is refused 401: " + statuses, Map.of(401, FLOOD), statuses);
        assertTrue("heap after GC stays flat: " + report, heapAfter - heapBefore < MAX_HEAP_GROWTH);
        assertTrue("the key cache holds at most its maximum: " + report, cached <= CACHE_SIZE);
    }

    @Test
    public void anAddressThatKeepsFailingIsThrottledBeforeItsBodyIsRead() throws Exception {
        // from 127.0.0.2: the rest of the tests talk from 127.0.0.1, which this leaves alone
        long start = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            statuses.add(rawRequest("127.0.0.2", "GET", unknownKeyHeaders(), 0).status());
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        long refused = statuses.stream().filter(s -> s == 401).count();
        assertTrue("only 401 and 429: " + statuses, statuses.stream().allMatch(s -> s == 401 || s == 429));
        assertEquals("the first 20 failures are answered 401: " + statuses, List.of(401),
                statuses.subList(0, 20).stream().distinct().toList());
        assertTrue("past the burst, about one a second more: " + statuses, refused <= 20 + seconds + 1);

        RawResponse throttled = rawRequest("127.0.0.2", "POST", unknownKeyHeaders(), 10_000_000);
        assertEquals("a body far over the limit is not even looked at: " + throttled, 429, throttled.status());
        assertEquals("RATE_LIMITED", code(throttled.body()));
        assertTrue(throttled.toString(), Long.parseLong(throttled.retryAfter()) >= 1);

        assertEquals("another address is not held back", 200, api.send("GET", "/numbers", null, Map.of()).statusCode());
    }

    @Test
    public void aKeyOverItsRateGets429AndSpendsNoNonce() throws Exception {
        Issued<ApiKey> key = tenants().createKey(Tenant.DEFAULT, EnumSet.of(Right.NUMBERS));
        ApiClient client = new ApiClient(key.value().id(), key.secret());
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String nonce = UUID.randomUUID().toString();
        reconfigureApi(Map.of("rateLimitPerSecond", "0.001", "rateLimitBurst", "1"));
        try {
            assertEquals(200, client.send("GET", "/numbers", null, Map.of()).statusCode());
            HttpResponse<String> limited = client.sendAs("GET", "/numbers", null, Map.of(), timestamp, nonce, null);
            assertEquals(limited.body(), 429, limited.statusCode());
            assertEquals("RATE_LIMITED", code(limited.body()));
            assertTrue(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()) >= 1);
            assertEquals("the refused request left no nonce in the database", 0, nonceRows(key.value().id(), nonce));
        } finally {
            reconfigureApi(Map.of("rateLimitPerSecond", "1000", "rateLimitBurst", "2000"));
        }
        HttpResponse<String> again = client.sendAs("GET", "/numbers", null, Map.of(), timestamp, nonce, null);
        assertEquals("the same nonce is still unspent: " + again.body(), 200, again.statusCode());
        assertEquals(1, nonceRows(key.value().id(), nonce));
    }

    @Test
    public void timestampsThatWouldOverflowTheSkewCheckAreRefused() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        List<String> far = List.of(Long.toString(now - Long.MAX_VALUE - 1), // now − 2^63
                Long.toString(Long.MIN_VALUE), Long.toString(Long.MAX_VALUE), Long.toString(now + Long.MIN_VALUE + 301),
                "+" + now, "99999999999");
        for (String timestamp : far) {
            HttpResponse<String> refused = api.sendAs("GET", "/numbers", null, Map.of(), timestamp,
                    UUID.randomUUID().toString(), null);
            assertEquals(timestamp + ": " + refused.body(), 401, refused.statusCode());
            assertTrue(refused.body(), refused.body().contains("X-Huibo-Timestamp"));
        }
        assertEquals(200, api.sendAs("GET", "/numbers", null, Map.of(), Long.toString(now), UUID.randomUUID().toString(),
                null).statusCode());
    }

    @Test
    public void aRevokedEtcKeyStaysRevokedWhenTheStoreStartsAgain() throws Exception {
        ApiClient declared = new ApiClient(REVOCABLE_ID, REVOCABLE_SECRET);
        assertEquals("the key etc/ declares works", 200, declared.send("GET", "/numbers", null, Map.of()).statusCode());
        assertTrue(executeCommand("huibo:key-revoke " + REVOCABLE_ID).contains("Revoked"));
        assertEquals(401, declared.send("GET", "/numbers", null, Map.of()).statusCode());

        Bundle store = findBundle("huibo-store");
        store.stop();
        awaitApiServletGone();
        store.start();
        awaitConfiguredKeys(2); // etc/ read again: both declared keys were put, or refused
        awaitHuibo();

        HttpResponse<String> after = declared.send("GET", "/numbers", null, Map.of());
        assertEquals("still revoked after the restart: " + after.body(), 401, after.statusCode());
        ApiKey listed = tenants().keys(Tenant.DEFAULT).stream().filter(k -> k.id().equals(REVOCABLE_ID)).findFirst()
                .orElseThrow();
        assertFalse(listed.isActive());
        assertEquals("the install's other etc/ key is put again as ever", 200,
                api.send("GET", "/numbers", null, Map.of()).statusCode());
    }

    /** Sends requests {@code from} to {@code to} with unknown key ids on two threads, recording each answer's time. */
    private static void flood(HttpClient http, int from, int to, long[] nanos, Map<Integer, Integer> statuses, long deadline)
            throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<Integer, Integer>>> counts = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                counts.add(senders.submit(() -> {
                    Map<Integer, Integer> seen = new LinkedHashMap<>();
                    for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                        if (System.nanoTime() > deadline) {
                            throw new AssertionError("the flood took more than 5 minutes; sent " + i);
                        }
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl("/numbers")))
                                .timeout(Duration.ofSeconds(10)).GET();
                        unknownKeyHeaders().forEach(request::header);
                        long began = System.nanoTime();
                        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        nanos[i] = System.nanoTime() - began;
                        seen.merge(status, 1, Integer::sum);
                    }
                    return seen;
                }));
            }
            for (Future<Map<Integer, Integer>> count : counts) {
                count.get().forEach((status, n) -> statuses.merge(status, n, Integer::sum));
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** The headers of a request signed in due form by a key id no one issued. */
    private static Map<String, String> unknownKeyHeaders() {
        byte[] id = new byte[10];
        byte[] signature = new byte[32];
        RANDOM.nextBytes(id);
        RANDOM.nextBytes(signature);
        return Map.of("X-Huibo-Key", "k_" + HexFormat.of().formatHex(id),
                "X-Huibo-Timestamp", Long.toString(System.currentTimeMillis() / 1000),
                "X-Huibo-Nonce", UUID.randomUUID().toString(),
                "X-Huibo-Signature", Base64.getEncoder().encodeToString(signature));
    }

    private static String apiUrl(String path) {
        return "http://127.0.0.1:" + System.getProperty("huibo.it.http.port") + "/api/v1" + path;
    }

    /** An answer read off the wire. */
    private record RawResponse(int status, String retryAfter, String body) {
    }

    /**
     * A request sent from {@code localAddress} (the JDK's client cannot choose it) to /api/v1/numbers,
     * declaring a body of {@code contentLength} bytes of which it sends the first kilobyte only.
     */
    private static RawResponse rawRequest(String localAddress, String method, Map<String, String> headers,
            long contentLength) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.getInteger("huibo.it.http.port")), 5000);
            StringBuilder request = new StringBuilder(method + " /api/v1/numbers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            if (contentLength > 0) {
                request.append("Content-Type: application/json\r\nContent-Length: ").append(contentLength).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (contentLength > 0) {
                out.write(new byte[1024]); // a first piece, on which Jetty dispatches the request
            }
            out.flush();
            // the head, then as much body as it announces: the server may keep the connection open meanwhile
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.length() < 16 * 1024 && !(head.length() > 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                head.append((char) c);
            }
            List<String> lines = Arrays.asList(head.toString().split("\r\n"));
            int length = Integer.parseInt(header(lines, "Content-Length", "0"));
            return new RawResponse(Integer.parseInt(lines.get(0).substring(9, 12)), header(lines, "Retry-After", null),
                    new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static String header(List<String> lines, String name, String otherwise) {
        return lines.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(l -> l.substring(name.length() + 1).trim()).findFirst().orElse(otherwise);
    }

    /** Used heap after the collector has run, as the container's MemoryMXBean reports it. */
    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The p-th percentile, in ms, of the {@link #MEASURED} answer times from {@code from}. */
    private static double percentile(long[] nanos, int from, int p) {
        long[] sorted = Arrays.copyOfRange(nanos, from, from + MEASURED);
        Arrays.sort(sorted);
        return sorted[Math.min(MEASURED - 1, MEASURED * p / 100)] / 1e6;
    }

    /** The entries of the store's key cache now: a probe into its component, which no API shows. */
    private static long keyCacheSize(TenantService tenants) throws ReflectiveOperationException {
        Field field = tenants.getClass().getDeclaredField("keyCache");
        field.setAccessible(true);
        Object cache = field.get(tenants);
        Method size = cache.getClass().getDeclaredMethod("size");
        size.setAccessible(true);
        return (long) size.invoke(cache);
    }

    private int nonceRows(String keyId, String nonce) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM huibo_nonce WHERE key_id = ? AND nonce = ?")) {
            p.setString(1, keyId);
            p.setString(2, nonce);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The store's service as registered now: a restarted store is a new service object. */
    private TenantService tenants() {
        return bundleContext.getService(bundleContext.getServiceReference(TenantService.class));
    }

    /** Waits until {@code count} keys declared in etc/ have been applied by the store's components. */
    private void awaitConfiguredKeys(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int active = 0;
        while (System.nanoTime() < deadline) {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(findBundle("huibo-store"),
                    "io.huibo.store.internal.ConfiguredKey");
            active = description == null ? 0 : (int) scr.getComponentConfigurationDTOs(description).stream()
                    .filter(c -> c.state == ComponentConfigurationDTO.ACTIVE).count();
            if (active >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("only " + active + " keys of etc/ were applied 20 s after the store started");
    }

    /** Changes the API's configuration and waits until the servlet registered with it answers. */
    private void reconfigureApi(Map<String, Object> changes) throws Exception {
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.huibo.rest", null);
        Dictionary<String, Object> properties = configuration.getProperties();
        changes.forEach(properties::put);
        configuration.update(properties);
        StringBuilder filter = new StringBuilder("(&(osgi.http.whiteboard.servlet.name=huibo-api-v1)");
        changes.forEach((key, value) -> filter.append('(').append(key).append('=').append(value).append(')'));
        filter.append(')');
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (bundleContext.getServiceReferences("javax.servlet.Servlet", filter.toString()) == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the API servlet was not registered with " + changes + " within 20 s");
            }
            Thread.sleep(50);
        }
        awaitHuibo();
    }

    private static String code(String body) {
        return JsonParser.parseString(body).getAsJsonObject().getAsJsonObject("error").get("code").getAsString();
    }
}
