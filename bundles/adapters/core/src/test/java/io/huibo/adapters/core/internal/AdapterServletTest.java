package io.huibo.adapters.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import javax.servlet.ReadListener;
import javax.servlet.ServletInputStream;
import javax.servlet.ServletOutputStream;
import javax.servlet.WriteListener;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import io.huibo.api.adapter.Adapter;
import io.huibo.api.adapter.AdapterResponse;
import io.huibo.api.adapter.ButtonSpec;
import io.huibo.api.adapter.Endpoint;
import io.huibo.api.adapter.NonceLedger;
import io.huibo.api.adapter.RequestSignatures;
import io.huibo.api.adapter.ScheduledAction;
import io.huibo.store.internal.JdbcNonceLedger;

import io.huibo.store.testing.DatabaseTest;
import io.huibo.store.testing.TestDatabase;

/** The servlet with a signed endpoint and the real nonce ledger on a real database, counting what reaches each. */
@DatabaseTest
class AdapterServletTest {
    private static final String SECRET = "acme-secret";
    private static final String TARGET = "/adapters/acme/events";
    private static final byte[] BODY = "{\"eventId\": \"e1\"}".getBytes(StandardCharsets.UTF_8);

    private final AtomicInteger handled = new AtomicInteger();
    private final AtomicInteger ledgerUses = new AtomicInteger();
    private AdapterServlet servlet;

    @BeforeEach
    void start() throws Exception {
        DataSource dataSource = TestDatabase.create();
        NonceLedger jdbc = new JdbcNonceLedger(dataSource, new io.huibo.store.internal.KeyedRecordVault(new byte[32]));
        NonceLedger counted = (vendor, nonce, now, forgetBefore) -> {
            ledgerUses.incrementAndGet();
            return jdbc.firstUse(vendor, nonce, now, forgetBefore);
        };
        AdapterHost host = new AdapterHost(null, null, Clock.systemUTC());
        host.addAdapter(new Acme(), reference());
        servlet = new AdapterServlet(host, counted);
    }

    @Test
    void aSignedRequestGetsInOnceAndItsReplayIsRefused() throws Exception {
        Map<String, String> signed = sign(Instant.now().getEpochSecond());
        assertEquals(200, send("POST", null, signed).status);
        Answer replayed = send("POST", null, signed);
        assertEquals(401, replayed.status);
        assertTrue(replayed.body.contains("\"UNAUTHORIZED\"") && replayed.body.contains("nonce"), replayed.body);
        assertEquals(1, handled.get());
    }

    @Test
    void forgedStaleOrRetargetedRequestsAreRefusedBeforeTheDatabase() throws Exception {
        long now = Instant.now().getEpochSecond();
        assertEquals(401, send("POST", null, Map.of()).status);
        assertEquals(401, send("POST", null, Map.of("x-acme-timestamp", String.valueOf(now), "x-acme-nonce",
                "nonce-0001", "x-acme-signature", "00")).status);
        assertEquals(401, send("POST", null, sign(now - 301)).status);
        assertEquals(401, send("POST", "store=2", sign(now)).status);
        assertEquals(0, ledgerUses.get(), "no nonce is stored or read for a request whose signature fails");
        assertEquals(0, handled.get());
    }

    private Map<String, String> sign(long timestamp) {
        Map<String, String> headers = new HashMap<>();
        new RequestSignatures("X-Acme", SECRET).sign("POST", TARGET, BODY, timestamp, UUID.randomUUID().toString())
                .forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        return headers;
    }

    private record Answer(int status, String body) {
    }

    private Answer send(String method, String query, Map<String, String> headers) throws Exception {
        ByteArrayInputStream in = new ByteArrayInputStream(BODY);
        ServletInputStream body = new ServletInputStream() {
            @Override public int read() { return in.read(); }
            @Override public boolean isFinished() { return in.available() == 0; }
            @Override public boolean isReady() { return true; }
            @Override public void setReadListener(ReadListener listener) { throw new UnsupportedOperationException(); }
        };
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getPathInfo" -> "/acme/events";
                    case "getMethod" -> method;
                    case "getRequestURI" -> TARGET;
                    case "getQueryString" -> query;
                    case "getParameterMap" -> Map.of();
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                    case "getInputStream" -> body;
                    default -> null;
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServletOutputStream sink = new ServletOutputStream() {
            @Override public void write(int b) { out.write(b); }
            @Override public boolean isReady() { return true; }
            @Override public void setWriteListener(WriteListener listener) { throw new UnsupportedOperationException(); }
        };
        int[] status = new int[1];
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> {
                    if (m.getName().equals("setStatus")) {
                        status[0] = (Integer) args[0];
                    }
                    return m.getName().equals("getOutputStream") ? sink : null;
                });
        servlet.service(request, response);
        return new Answer(status[0], out.toString(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<Adapter> reference() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, m, args) -> m.getName().equals("getBundleId") ? 7L : null);
        return (ServiceReference<Adapter>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, m, args) -> m.getName().equals("getBundle") ? bundle : null);
    }

    private final class Acme implements Adapter {
        private final List<Endpoint> endpoints = List.of(new Endpoint("POST", "events",
                new RequestSignatures("X-Acme", SECRET), request -> {
                    handled.incrementAndGet();
                    return AdapterResponse.json(200, "{}");
                }));

        @Override public String vendorId() { return "acme"; }
        @Override public List<Endpoint> endpoints() { return endpoints; }
        @Override public List<String> mappedEvents() { return List.of(); }
        @Override public List<ButtonSpec> buttons() { return List.of(); }
        @Override public void run(ScheduledAction action) { }
    }
}
