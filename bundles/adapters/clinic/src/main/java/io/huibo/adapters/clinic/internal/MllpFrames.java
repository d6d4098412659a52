package io.huibo.adapters.clinic.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * MLLP's framing, {@code <VT> message <FS><CR>}, in UTF-8, read with a bound: a frame longer than
 * {@code maxFrameBytes} (or as many bytes with no frame begun) is refused before it is held whole,
 * so a sender cannot fill the heap. HAPI's reader has no such bound.
 */
final class MllpFrames {
    static final int START = 0x0b;
    static final int END = 0x1c;
    static final int CARRIAGE_RETURN = 0x0d;

    private MllpFrames() {
    }

    /** A frame over the bound: the connection is dropped. */
    static final class FrameTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        FrameTooLargeException(int maxFrameBytes) {
            super("a frame over " + maxFrameBytes + " bytes");
        }
    }

    /** The next message, or null when the sender closed the connection between frames. */
    static String read(InputStream in, int maxFrameBytes) throws IOException {
        int b;
        int skipped = 0;
        while ((b = in.read()) != START) {
            if (b < 0) {
                return null;
            }
            if (++skipped > maxFrameBytes) {
                throw new FrameTooLargeException(maxFrameBytes);
            }
        }
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        while (true) {
            b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed inside a frame");
            }
            if (b == END) {
                int next = in.read();
                if (next == CARRIAGE_RETURN) {
                    return message.toString(StandardCharsets.UTF_8);
                }
                throw new IOException("a frame's end block is not followed by a carriage return");
            }
            if (message.size() >= maxFrameBytes) {
                throw new FrameTooLargeException(maxFrameBytes);
            }
            message.write(b);
        }
    }

    static void write(OutputStream out, String message) throws IOException {
        out.write(START);
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(END);
        out.write(CARRIAGE_RETURN);
        out.flush();
    }
}
