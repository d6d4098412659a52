package io.huibo.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request's start line and header fields as they came off the wire, folded lines joined. The
 * parsed message no longer shows what RFC 3261's grammar forbids and JAIN-SIP forgives (extra
 * spaces, repeated headers, unquoted display names), so {@link RequestValidator} reads this.
 */
record RawHead(String startLine, List<Header> headers) {

    /** One header field: its name as written (trimmed) and its value, folding replaced by SP. */
    record Header(String name, String value) {
    }

    /** Reads the head of the first message in {@code bytes}; the body and anything after are left. */
    static RawHead of(byte[] bytes) {
        // ISO-8859-1 keeps one char per octet, so nothing the grammar forbids is lost to decoding
        // RFC 3261 §7.5: CRLFs before the start line are ignored
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replaceFirst("^[\r\n]+", "");
        // the head ends at the first empty line; a bare LF is taken for CRLF, as JAIN-SIP does
        String[] lines = text.split("\r?\n\r?\n", 2)[0].split("\r?\n", -1);
        List<Header> headers = new ArrayList<>();
        StringBuilder current = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (current != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                current.append(' ').append(line.strip());
                continue;
            }
            addHeader(headers, current);
            current = new StringBuilder(line);
        }
        addHeader(headers, current);
        return new RawHead(lines[0], List.copyOf(headers));
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
