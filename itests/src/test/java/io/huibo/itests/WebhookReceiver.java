package io.huibo.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An ERP's webhook endpoint, a real HTTP server on loopback inside the test: it answers as its
 * {@link Answer} says and, as a receiver should, keeps each event once by {@code X-Huibo-Event-Id}.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    record Request(String eventId, String signature, String body, JsonObject json) {
        String type() {
            return json.get("type").getAsString() + (json.has("party") ? "/" + json.get("party").getAsString() : "");
        }

        String subject() {
            return json.getAsJsonObject("data").get("id").getAsString();
        }
    }

    /** The status for the {@code n}-th request (from 1); it may take its time first. */
    interface Answer {
        int status(int n) throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Answer answer;
    private final List<Request> received = new ArrayList<>();
    private final Map<String, Request> kept = new LinkedHashMap<>();

    WebhookReceiver(int port, Answer answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/erp/huibo-events", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port + "/erp/huibo-events";
    }

    String url() {
        return url(server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Request request = new Request(exchange.getRequestHeaders().getFirst("X-Huibo-Event-Id"),
                exchange.getRequestHeaders().getFirst("X-Huibo-Signature"), body, JsonParser.parseString(body).getAsJsonObject());
        int n;
        synchronized (this) {
            received.add(request);
            n = received.size();
        }
        int status;
        try {
            status = answer.status(n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
        }
        if (status / 100 == 2) {
            synchronized (this) {
                kept.putIfAbsent(request.eventId(), request);
                notifyAll();
            }
        }
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException senderGaveUpWaiting) {
            // what a slow receiver gets
        }
        exchange.close();
    }

    synchronized List<Request> received() {
        return List.copyOf(received);
    }

    /** Waits for {@code count} distinct events of {@code subject} (a call or binding id), in the order first accepted. */
    synchronized List<Request> await(String subject, int count, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        List<Request> events = of(subject);
        while (events.size() < count && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
            events = of(subject);
        }
        return events;
    }

    private List<Request> of(String subject) {
        Predicate<Request> about = r -> r.subject().equals(subject);
        return kept.values().stream().filter(about).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
