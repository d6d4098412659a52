package io.huibo.engine.internal;

/**
 * SDP as it may be shown to the other party: nothing in it names the party it came from. The
 * origin's user name and the session name become "-", and the free-text lines (i=, u=, e=,
 * p=) that phones fill with numbers and names are dropped. One pass over the lines (ended by
 * CRLF, LF or CR), no regular expression: every call's offer and answer come through here.
 */
final class SdpPrivacy {

    private SdpPrivacy() {
    }

    static String anonymise(String sdp) {
        return rewrite(sdp, false);
    }

    /** An answer that declines every stream of {@code offer} (port 0, RFC 3264 §6). */
    static String declineAll(String offer) {
        return rewrite(offer, true);
    }

    private static String rewrite(String sdp, boolean decline) {
        StringBuilder out = new StringBuilder(sdp.length());
        int start = 0;
        while (start < sdp.length()) {
            int end = start;
            while (end < sdp.length() && sdp.charAt(end) != '\r' && sdp.charAt(end) != '\n') {
                end++;
            }
            int next = end < sdp.length() && sdp.charAt(end) == '\r' ? end + 1 : end;
            boolean endsInLf = next < sdp.length() && sdp.charAt(next) == '\n';
            next = endsInLf ? next + 1 : next;
            char type = end - start >= 2 && sdp.charAt(start + 1) == '=' ? sdp.charAt(start) : 0;
            if ("iuep".indexOf(type) >= 0 && endsInLf) {
                start = next; // dropped with its line break; a last line without one stays
                continue;
            }
            if (type == 'o') {
                appendOrigin(sdp, start, end, out);
            } else if (type == 's') {
                out.append("s=-");
            } else if (type == 'm' && decline) {
                appendDeclinedMedia(sdp, start, end, out);
            } else {
                out.append(sdp, start, end);
            }
            out.append(sdp, end, next);
            start = next;
        }
        return out.toString();
    }

    /** {@code o=<username> …} with the user name, a run of non-space ended by SP, as "-". */
    private static void appendOrigin(String sdp, int start, int end, StringBuilder out) {
        int user = endOfToken(sdp, start + 2, end);
        if (user > start + 2 && user < end && sdp.charAt(user) == ' ') {
            out.append("o=-").append(sdp, user, end);
        } else {
            out.append(sdp, start, end);
        }
    }

    /** {@code m=<media> <port> …} with the port as 0. */
    private static void appendDeclinedMedia(String sdp, int start, int end, StringBuilder out) {
        int media = endOfToken(sdp, start + 2, end);
        int port = media + 1;
        while (port < end && sdp.charAt(port) >= '0' && sdp.charAt(port) <= '9') {
            port++;
        }
        if (media > start + 2 && media < end && sdp.charAt(media) == ' ' && port > media + 1) {
            out.append(sdp, start, media + 1).append('0').append(sdp, port, end);
        } else {
            out.append(sdp, start, end);
        }
    }

    private static int endOfToken(String sdp, int from, int end) {
        int i = from;
        while (i < end && " \t\u000B\f".indexOf(sdp.charAt(i)) < 0) {
            i++;
        }
        return i;
    }
}
