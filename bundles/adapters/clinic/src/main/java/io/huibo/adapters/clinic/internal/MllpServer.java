package io.huibo.adapters.clinic.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.llp.HL7Reader;
import ca.uhn.hl7v2.llp.HL7Writer;
import ca.uhn.hl7v2.llp.LLPException;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;

/**
 * An MLLP listener: HAPI's minimal lower layer protocol frames the messages, each connection is
 * served on a thread of its own, and every message gets the answer {@link Handler} gives it.
 * HAPI's own server is not used because its router logs unparseable messages whole, and
 * those carry patient phones. {@link #close()} releases the port and drops every connection.
 */
final class MllpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MllpServer.class);
    private static final int MAX_CONNECTIONS = 32;

    /** Answers one message. */
    @FunctionalInterface
    interface Handler {
        String answer(String message) throws HL7Exception, IOException;
    }

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final ExecutorService threads;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

    /** Binds {@code address}:{@code port} and starts accepting. */
    MllpServer(String address, int port, Handler handler) throws IOException {
        this.handler = handler;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        AtomicInteger count = new AtomicInteger();
        ClassLoader hapiLoader = MllpServer.class.getClassLoader();
        this.threads = Executors.newFixedThreadPool(MAX_CONNECTIONS + 1, r -> {
            Thread thread = new Thread(r, "huibo-clinic-mllp-" + count.incrementAndGet());
            // HAPI looks up its model packages through the context class loader
            thread.setContextClassLoader(hapiLoader);
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::acceptLoop);
        LOG.info("MLLP listener on {}:{}", address, serverSocket.getLocalPort());
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                if (connections.size() >= MAX_CONNECTIONS) {
                    LOG.warn("MLLP connection from {} refused: {} open already", socket.getInetAddress(), MAX_CONNECTIONS);
                    socket.close();
                    continue;
                }
                connections.add(socket);
                threads.execute(() -> serve(socket));
            } catch (RejectedExecutionException | IOException e) {
                if (!serverSocket.isClosed()) {
                    LOG.warn("MLLP listener failed to accept a connection", e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        MinLowerLayerProtocol mllp = new MinLowerLayerProtocol();
        try (socket) {
            HL7Reader reader = mllp.getReader(socket.getInputStream());
            HL7Writer writer = mllp.getWriter(socket.getOutputStream());
            String message;
            while ((message = reader.getMessage()) != null) {
                writer.writeMessage(handler.answer(message));
            }
        } catch (SocketException closed) {
            // the sender hung up, or the listener is closing
        } catch (LLPException e) {
            LOG.info("MLLP connection from {} dropped: {}", socket.getInetAddress(), e.getMessage());
        } catch (IOException | HL7Exception | RuntimeException e) {
            LOG.warn("MLLP connection from {} failed", socket.getInetAddress(), e);
        } finally {
            connections.remove(socket);
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
