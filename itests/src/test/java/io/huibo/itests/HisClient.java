package io.huibo.itests;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.Callable;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.llp.HL7Reader;
import ca.uhn.hl7v2.llp.HL7Writer;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.Parser;
import ca.uhn.hl7v2.util.Terser;

/**
 * A clinic's HIS as HAPI makes one: messages go out over MLLP through HAPI's client connection
 * and initiator, and each answer comes back as a parsed ACK. Text that is not HL7 goes out
 * through HAPI's MLLP writer, since the initiator only sends messages it can parse. HAPI is
 * installed in the container by the test ({@link ClinicAdapterIT}): only this class may name it.
 */
final class HisClient implements AutoCloseable {
    private final HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5"));
    private final int port;
    private Connection connection;

    HisClient(int port) {
        this.port = port;
    }

    /** An ACK's MSA-1, MSA-2, and the reason in ERR-8 (null for none). */
    record Ack(String code, String controlId, String reason) {
    }

    /** Sends an ER7 message and returns its ACK. */
    Ack send(String message) throws Exception {
        return withHapiLoader(() -> {
            if (connection == null) {
                connection = context.newClient("127.0.0.1", port, false);
            }
            return ack(new Terser(connection.getInitiator().sendAndReceive(context.getPipeParser().parse(message))));
        });
    }

    /** Sends any text in an MLLP frame on a connection of its own and returns the ACK. */
    Ack sendRaw(String text) throws Exception {
        return withHapiLoader(() -> {
            MinLowerLayerProtocol mllp = new MinLowerLayerProtocol();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                HL7Writer writer = mllp.getWriter(socket.getOutputStream());
                HL7Reader reader = mllp.getReader(socket.getInputStream());
                writer.writeMessage(text);
                return ack(new Terser(context.getPipeParser().parse(reader.getMessage())));
            }
        });
    }

    private static Ack ack(Terser terser) throws Exception {
        return new Ack(terser.get("/MSA-1"), terser.get("/MSA-2"), terser.get("/ERR-8"));
    }

    /** HAPI finds its model packages through the context class loader, which Pax Exam's threads may lack. */
    private static <T> T withHapiLoader(Callable<T> work) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(Parser.class.getClassLoader());
        try {
            return work.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Override
    public void close() throws IOException {
        context.close();
    }
}
