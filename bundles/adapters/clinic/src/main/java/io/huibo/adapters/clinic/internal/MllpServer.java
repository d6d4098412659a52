package io.huibo.adapters.clinic.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.hl7v2.HL7Exception;

/**
 * An MLLP listener: each connection is served on a thread of its own, and every message gets the
 * answer {@link Handler} gives it. It holds against a hostile network as {@link MllpOptions} says:
 * a source not allowed, or one over the caps, is closed at accept, before a byte is read; an
 * oversized frame or a silent connection is dropped with a log line. HAPI's own server is not used
 * because its router logs unparseable messages whole, and those carry patient phones; nor its
 * reader, which has no frame bound. {@link #close()} releases the port and drops every connection.
 */
final class MllpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MllpServer.class);

    /** Answers one message. */
    @FunctionalInterface
    interface Handler {
        String answer(String message) throws HL7Exception, IOException;
    }

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final MllpOptions options;
    private final ExecutorService threads;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /** Binds {@code address}:{@code port} and starts accepting. */
    MllpServer(String address, int port, MllpOptions options, Handler handler) throws IOException {
        this.handler = handler;
        this.options = options;
        this.serverSocket = options.sockets().createServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        AtomicInteger count = new AtomicInteger();
        ClassLoader hapiLoader = MllpServer.class.getClassLoader();
        this.threads = Executors.newFixedThreadPool(options.maxConnections() + 1, r -> {
            Thread thread = new Thread(r, "huibo-clinic-mllp-" + count.incrementAndGet());
            // HAPI looks up its model packages through the context class loader
            thread.setContextClassLoader(hapiLoader);
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::acceptLoop);
        LOG.info("MLLP listener on {}:{}{}", address, serverSocket.getLocalPort(),
                serverSocket instanceof SSLServerSocket ? " (TLS)" : "");
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                if (admit(socket)) {
                    connections.add(socket);
                    threads.execute(() -> serve(socket));
                }
            } catch (RejectedExecutionException | IOException e) {
                if (!serverSocket.isClosed()) {
                    LOG.warn("MLLP listener failed to accept a connection", e);
                }
            }
        }
    }

    /** Counts the connection against its address's cap, or closes it with the reason. */
    private boolean admit(Socket socket) throws IOException {
        InetAddress source = socket.getInetAddress();
        String refusal = null;
        if (!options.allowed().allows(source)) {
            refusal = "not in mllpAllowedAddresses";
        } else if (connections.size() >= options.maxConnections()) {
            refusal = options.maxConnections() + " connections open already (mllpMaxConnections)";
        } else if (perAddress.computeIfAbsent(source, a -> new AtomicInteger()).incrementAndGet() > options.maxPerAddress()) {
            release(source);
            refusal = options.maxPerAddress() + " connections open from there already (mllpMaxConnectionsPerAddress)";
        }
        if (refusal == null) {
            return true;
        }
        LOG.warn("MLLP connection from {} refused: {}", source.getHostAddress(), refusal);
        socket.close();
        return false;
    }

    private void release(InetAddress source) {
        perAddress.computeIfPresent(source, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    private void serve(Socket socket) {
        String source = socket.getInetAddress().getHostAddress();
        try (socket) {
            // bounds the TLS handshake and every wait for the sender's next byte
            socket.setSoTimeout(Math.toIntExact(options.idleTimeout().toMillis()));
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            String message;
            while ((message = MllpFrames.read(in, options.maxFrameBytes())) != null) {
                MllpFrames.write(out, handler.answer(message));
            }
        } catch (MllpFrames.FrameTooLargeException e) {
            LOG.warn("MLLP connection from {} dropped: {} (mllpMaxFrameBytes)", source, e.getMessage());
        } catch (SocketTimeoutException e) {
            LOG.info("MLLP connection from {} closed: silent for {} s (mllpIdleTimeoutSeconds)", source,
                    options.idleTimeout().toSeconds());
        } catch (SSLException e) {
            LOG.warn("MLLP connection from {} dropped: TLS failed: {}", source, e.getMessage());
        } catch (SocketException closed) {
            // the sender hung up, or the listener is closing
        } catch (IOException | HL7Exception | RuntimeException e) {
            LOG.warn("MLLP connection from {} dropped: {}", source, e.toString());
        } finally {
            connections.remove(socket);
            release(socket.getInetAddress());
        }
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.debug("Closing the MLLP listener", e);
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debug("Closing an MLLP connection", e);
            }
        }
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("MLLP connections still busy after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("MLLP listener closed");
    }
}
