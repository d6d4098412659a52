package io.huibo.engine.internal;

/**
 * Makes what JAIN-SIP writes fit for a log: the stack puts whole messages into its errors, as
 * text or as byte values ({@code Error while processing incoming UDP packet[73, 78, ...]}), and
 * a message holds real numbers. A list of byte values becomes its length, every run of six or
 * more digits (separated by nothing, a space or a dash) keeps its last four, and only the first
 * line, at most {@link #MAX_CHARS} long, is kept. One pass over the text, no regular expression:
 * a dump may be 64 KB and anyone can send one.
 */
final class LogSafe {
    static final int MAX_CHARS = 240;
    private static final int MIN_MASKED_DIGITS = 6;
    private static final int SHOWN_DIGITS = 4;
    private static final int MIN_BYTE_VALUES = 4;

    private LogSafe() {
    }

    static String scrub(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS + 16));
        int i = 0;
        while (i < text.length() && out.length() < MAX_CHARS) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                break;
            }
            if (c == '[') {
                ByteValues dump = byteValues(text, i);
                if (dump != null) {
                    out.append('[').append(dump.count()).append(" bytes]");
                    i = dump.end();
                    continue;
                }
            }
            if (isDigit(c)) {
                i = appendDigits(text, i, out);
                continue;
            }
            out.append(c);
            i++;
        }
        if (i < text.length()) {
            out.append(" [").append(text.length() - i).append(" more chars left out]");
        }
        return out.toString();
    }

    /**
     * A copy of {@code t} and its causes, their messages scrubbed and their stack traces kept,
     * for logging a stack exception whose message may quote the message it failed on.
     */
    static Throwable scrub(Throwable t) {
        if (t == null) {
            return null;
        }
        Scrubbed copy = new Scrubbed(t.getClass().getName() + ": " + scrub(String.valueOf(t.getMessage())),
                t.getCause() == t ? null : scrub(t.getCause()));
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** A throwable standing for another, its message scrubbed: the original's type leads the message. */
    static final class Scrubbed extends Exception {
        private static final long serialVersionUID = 1L;

        Scrubbed(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** A list of byte values opening at {@code open}, closed or cut off: how many, and where it ends. */
    private record ByteValues(int count, int end) {
    }

    /** The list of at least {@link #MIN_BYTE_VALUES} byte values opening at {@code open}, else null. */
    private static ByteValues byteValues(String text, int open) {
        int values = 0;
        int i = open + 1;
        int end = i;
        while (i < text.length()) {
            if (text.charAt(i) == '-') {
                i++;
            }
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i)) && i - start < 3) {
                i++;
            }
            if (i == start) {
                break;
            }
            values++;
            end = i;
            if (i < text.length() && text.charAt(i) == ']') {
                end = i + 1;
                break;
            }
            if (i >= text.length() || text.charAt(i) != ',') {
                break;
            }
            i++;
            if (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
        }
        return values >= MIN_BYTE_VALUES ? new ByteValues(values, end) : null;
    }

    /** Copies the digit run at {@code start} (with single spaces or dashes between groups), masked if long; returns where it ends. */
    private static int appendDigits(String text, int start, StringBuilder out) {
        int i = start;
        int digits = 0;
        int end = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                digits++;
                i++;
                end = i;
            } else if ((c == ' ' || c == '-') && i + 1 < text.length() && isDigit(text.charAt(i + 1))) {
                i++;
            } else {
                break;
            }
        }
        if (digits < MIN_MASKED_DIGITS) {
            out.append(text, start, end);
            return end;
        }
        StringBuilder tail = new StringBuilder(SHOWN_DIGITS);
        for (int j = end - 1; j >= start && tail.length() < SHOWN_DIGITS; j--) {
            if (isDigit(text.charAt(j))) {
                tail.insert(0, text.charAt(j));
            }
        }
        out.append("****").append(tail);
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
