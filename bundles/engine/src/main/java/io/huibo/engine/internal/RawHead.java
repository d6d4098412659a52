package io.huibo.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's start line and header fields as they came off the wire, folded lines joined. The
 * parsed message no longer shows what RFC 3261's grammar forbids and JAIN-SIP forgives (extra
 * spaces, repeated headers, unquoted display names), so {@link RequestValidator} reads this.
 * <p>
 * The parser hangs one on every request, but most are never read (ACKs, retransmissions the
 * stack absorbs): only the head's text is copied then, and it is split into lines and fields
 * on first use. One pass, no regular expression: this runs for every request at full rate.
 */
final class RawHead {

    /** One header field: its name as written (trimmed) and its value, folding replaced by SP. */
    record Header(String name, String value) {
    }

    private record Lines(String startLine, List<Header> headers) {
    }

    private final String head;
    private Lines lines;

    private RawHead(String head) {
        this.head = head;
    }

    /** The head of the first message in {@code bytes}; the body and anything after are left. */
    static RawHead of(byte[] bytes) {
        int start = 0;
        // RFC 3261 §7.5: CRLFs before the start line are ignored
        while (start < bytes.length && (bytes[start] == '\r' || bytes[start] == '\n')) {
            start++;
        }
        // ISO-8859-1 keeps one char per octet, so nothing the grammar forbids is lost to decoding
        return new RawHead(new String(bytes, start, endOfHead(bytes, start) - start, StandardCharsets.ISO_8859_1));
    }

    String startLine() {
        return lines().startLine();
    }

    List<Header> headers() {
        return lines().headers();
    }

    /**
     * Where the head ends: before the line break that the empty line follows. A bare LF is taken
     * for CRLF, as JAIN-SIP does; without an empty line, the head is all there is.
     */
    private static int endOfHead(byte[] bytes, int start) {
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] != '\n') {
                continue;
            }
            int next = i + 1 < bytes.length && bytes[i + 1] == '\r' ? i + 2 : i + 1;
            if (next < bytes.length && bytes[next] == '\n') {
                return i > start && bytes[i - 1] == '\r' ? i - 1 : i;
            }
        }
        return bytes.length;
    }

    private synchronized Lines lines() {
        if (lines == null) {
            lines = split(head);
        }
        return lines;
    }

    /** The head's lines (a CR before each LF dropped), each line folded onto its header field. */
    private static Lines split(String head) {
        List<Header> headers = new ArrayList<>();
        String startLine = null;
        StringBuilder current = null;
        int from = 0;
        while (from <= head.length()) {
            int lf = head.indexOf('\n', from);
            int end = lf < 0 ? head.length() : lf;
            String line = head.substring(from, lf > from && head.charAt(lf - 1) == '\r' ? lf - 1 : end);
            from = end + 1;
            if (startLine == null) {
                startLine = line;
            } else if (current != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                current.append(' ').append(line.strip());
            } else {
                addHeader(headers, current);
                current = new StringBuilder(line);
            }
        }
        addHeader(headers, current);
        return new Lines(startLine, List.copyOf(headers));
    }

    private static void addHeader(List<Header> headers, StringBuilder line) {
        if (line == null) {
            return;
        }
        int colon = line.indexOf(":");
        if (colon > 0) {
            headers.add(new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
    }
}
