package io.huibo.engine.internal;

import java.util.regex.Pattern;

/**
 * SDP as it may be shown to the other party: nothing in it names the party it came from. The
 * origin's user name and the session name become "-", and the free-text lines (i=, u=, e=,
 * p=) that phones fill with numbers and names are dropped.
 */
final class SdpPrivacy {
    private static final Pattern ORIGIN_USER = Pattern.compile("(?m)^o=\\S+ ");
    private static final Pattern SESSION_NAME = Pattern.compile("(?m)^s=.*$");
    private static final Pattern FREE_TEXT = Pattern.compile("(?m)^[iuep]=.*\\r?\\n");
    private static final Pattern MEDIA_PORT = Pattern.compile("(?m)^(?<media>m=\\S+ )\\d+");

    private SdpPrivacy() {
    }

    static String anonymise(String sdp) {
        String out = ORIGIN_USER.matcher(sdp).replaceAll("o=- ");
        out = SESSION_NAME.matcher(out).replaceAll("s=-");
        return FREE_TEXT.matcher(out).replaceAll("");
    }

    /** An answer that declines every stream of {@code offer} (port 0, RFC 3264 §6). */
    static String declineAll(String offer) {
        return MEDIA_PORT.matcher(anonymise(offer)).replaceAll("${media}0");
    }
}
