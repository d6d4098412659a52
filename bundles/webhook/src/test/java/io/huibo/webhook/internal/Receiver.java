package io.huibo.webhook.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP receiver of webhooks on loopback, answering each request as its {@link Answer} says. */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Request(String eventId, String signature, String body, JsonObject json) {
    }

    /** The status to answer the {@code n}-th request (from 1); it may take its time first. */
    interface Answer {
        int status(Request request, int n) throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Answer answer;
    private final List<Request> received = new ArrayList<>();
    private final List<Request> accepted = new ArrayList<>();

    private Receiver(int port, Answer answer) throws IOException {
        this.answer = answer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/hooks", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static Receiver start(Answer answer) throws IOException {
        return new Receiver(0, answer);
    }

    /** A receiver on {@code port}, where events were addressed while nothing listened. */
    static Receiver start(int port, Answer answer) throws IOException {
        return new Receiver(port, answer);
    }

    /** A receiver that accepts everything. */
    static Receiver accepting() throws IOException {
        return start((request, n) -> 200);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
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
            status = answer.status(request, n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
        }
        if (status / 100 == 2) {
            synchronized (this) {
                accepted.add(request);
                notifyAll();
            }
        }
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException sendersGoneAfterItsTimeout) {
            // what a slow receiver gets
        }
        exchange.close();
    }

    synchronized List<Request> received() {
        return List.copyOf(received);
    }

    /** Waits up to {@code timeout} for {@code count} accepted requests; returns those there are then. */
    synchronized List<Request> awaitAccepted(int count, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (accepted.size() < count && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        return List.copyOf(accepted);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
