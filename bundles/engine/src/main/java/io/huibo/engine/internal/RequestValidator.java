package io.huibo.engine.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.AcceptHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.RequireHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.SIPRequest;

/**
 * The checks RFC 3261 (as RFC 4475 and RFC 5118 exercise it) asks of a request before any call
 * logic sees it, where JAIN-SIP's lenient parser lets the request through. JAIN-SIP itself
 * answers 400 to what it cannot parse at all and to a CSeq method unlike the Request-Line's,
 * and drops requests without From, To, Call-ID, CSeq or Via.
 */
final class RequestValidator {

    /** Why a request is refused; {@code unsupported} lists option tags for a 420. */
    record Rejection(int status, String reason, List<String> unsupported) {
        static Rejection badRequest(String reason) {
            return new Rejection(Response.BAD_REQUEST, reason, List.of());
        }
    }

    /** Headers that may appear once (RFC 3261 §7.3.1: their grammar is not a comma list). */
    private static final Set<String> SINGLE = Set.of("call-id", "cseq", "from", "to", "max-forwards",
            "content-length", "content-type");
    private static final Map<String, String> COMPACT = Map.of("i", "call-id", "l", "content-length",
            "c", "content-type", "f", "from", "t", "to", "m", "contact");
    private static final String TOKEN_MARKS = "-.!%*_+`'~";

    Optional<Rejection> check(Request request) {
        if (((SIPRequest) request).getApplicationData() instanceof RawHead raw) {
            Optional<Rejection> malformed = checkSyntax(raw);
            if (malformed.isPresent()) {
                return malformed;
            }
        }
        URI target = request.getRequestURI();
        if (!target.isSipURI()) {
            return Optional.of(new Rejection(Response.UNSUPPORTED_URI_SCHEME, "Unsupported URI Scheme", List.of()));
        }
        if (((SipURI) target).getHeaderNames().hasNext()) {
            // RFC 3261 §19.1.5: headers belong in URIs that build requests, never in a Request-URI
            return Optional.of(Rejection.badRequest("Headers In Request-URI"));
        }
        Optional<Rejection> extension = checkRequire(request);
        return extension.isPresent() ? extension : checkContent(request);
    }

    /**
     * An INVITE's offer must be SDP, and its answer must be one the caller accepts (RFC 3261
     * §8.2.3, RFC 4475 §3.3.9 and §3.3.15): a body of another type gets 415, an Accept without
     * SDP gets 406. Checked ahead of the Request-URI, so such a request is told what to fix.
     */
    private static Optional<Rejection> checkContent(Request request) {
        if (!request.getMethod().equals(Request.INVITE)) {
            return Optional.empty();
        }
        ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
        if (request.getRawContent() != null && request.getRawContent().length > 0 && type != null
                && !(type.getContentType().equalsIgnoreCase("application") && type.getContentSubType().equalsIgnoreCase("sdp"))) {
            return Optional.of(new Rejection(Response.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type", List.of()));
        }
        List<String> accepted = new ArrayList<>();
        request.getHeaders(AcceptHeader.NAME).forEachRemaining(header -> {
            AcceptHeader accept = (AcceptHeader) header;
            accepted.add(accept.getContentType().toLowerCase() + "/" + accept.getContentSubType().toLowerCase());
        });
        boolean sdpAccepted = accepted.isEmpty() || accepted.stream()
                .anyMatch(t -> t.equals("application/sdp") || t.equals("application/*") || t.equals("*/*"));
        return sdpAccepted ? Optional.empty()
                : Optional.of(new Rejection(Response.NOT_ACCEPTABLE, "Not Acceptable", List.of()));
    }

    private static Optional<Rejection> checkSyntax(RawHead raw) {
        String[] requestLine = raw.startLine().split(" ", -1);
        // RFC 3261 §7.1: Method SP Request-URI SP SIP-Version, one SP each, nothing around them
        if (requestLine.length != 3 || raw.startLine().contains("\t")
                || Arrays.stream(requestLine).anyMatch(String::isEmpty)) {
            return Optional.of(Rejection.badRequest("Malformed Request-Line"));
        }
        // read raw: JAIN-SIP's request line reports SIP/2.0 whatever was written
        if (!requestLine[2].equalsIgnoreCase("SIP/2.0")) {
            return Optional.of(new Rejection(Response.VERSION_NOT_SUPPORTED, "Version Not Supported", List.of()));
        }
        if (!isHostPortWellFormed(requestLine[1])) {
            return Optional.of(Rejection.badRequest("Malformed Request-URI Host"));
        }
        Map<String, Integer> counts = new HashMap<>();
        for (RawHead.Header header : raw.headers()) {
            String name = canonical(header.name());
            if (SINGLE.contains(name) && counts.merge(name, 1, Integer::sum) > 1) {
                return Optional.of(Rejection.badRequest("Repeated " + header.name()));
            }
            if ((name.equals("from") || name.equals("to") || name.equals("contact"))
                    && !isAddressWellFormed(header.value())) {
                return Optional.of(Rejection.badRequest("Malformed " + header.name()));
            }
        }
        return Optional.empty();
    }

    private static String canonical(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return COMPACT.getOrDefault(lower, lower);
    }

    /** An IPv6 host must be an IPv6 reference, in brackets (RFC 3261 §25.1, RFC 5118 §4.2). */
    private static boolean isHostPortWellFormed(String requestUri) {
        String lower = requestUri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("sip:") && !lower.startsWith("sips:")) {
            return true;
        }
        String rest = requestUri.substring(requestUri.indexOf(':') + 1);
        String hostPort = rest.substring(rest.lastIndexOf('@') + 1);
        for (int i = 0; i < hostPort.length(); i++) {
            if (hostPort.charAt(i) == ';' || hostPort.charAt(i) == '?') {
                hostPort = hostPort.substring(0, i);
                break;
            }
        }
        return hostPort.startsWith("[") || hostPort.indexOf(':') == hostPort.lastIndexOf(':');
    }

    /**
     * A name-addr's display name is a quoted string or tokens, and its addr-spec inside the angle
     * brackets holds no whitespace; an addr-spec without brackets holds no '?' (RFC 3261 §20.10).
     */
    private static boolean isAddressWellFormed(String value) {
        int i = 0;
        StringBuilder displayName = new StringBuilder();
        boolean quoted = false;
        while (i < value.length() && value.charAt(i) != '<') {
            char c = value.charAt(i);
            if (c == '"') {
                int end = endOfQuotedString(value, i);
                if (end < 0 || quoted || !displayName.toString().isBlank()) {
                    return false;
                }
                quoted = true;
                i = end + 1;
                continue;
            }
            displayName.append(c);
            i++;
        }
        if (i == value.length()) {
            return !quoted && value.indexOf('?') < 0;
        }
        int close = value.indexOf('>', i);
        if (close < 0 || value.substring(i + 1, close).chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        return quoted ? displayName.toString().isBlank() : isTokens(displayName.toString());
    }

    /** Index of the closing DQUOTE of the quoted string opening at {@code start}, or -1. */
    private static int endOfQuotedString(String value, int start) {
        for (int i = start + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isTokens(String text) {
        return text.chars().allMatch(c -> c == ' ' || c == '\t' || (c < 128 && Character.isLetterOrDigit(c))
                || TOKEN_MARKS.indexOf(c) >= 0);
    }

    /** We support no extension, so any option tag a request requires is refused (RFC 3261 §8.2.2.3). */
    private static Optional<Rejection> checkRequire(Request request) {
        if (request.getMethod().equals(Request.CANCEL)) {
            return Optional.empty(); // RFC 3261 §8.2.2.3: a CANCEL is never refused for its Require
        }
        List<String> unsupported = new ArrayList<>();
        request.getHeaders(RequireHeader.NAME)
                .forEachRemaining(header -> unsupported.add(((RequireHeader) header).getOptionTag()));
        return unsupported.isEmpty() ? Optional.empty()
                : Optional.of(new Rejection(Response.BAD_EXTENSION, "Bad Extension", List.copyOf(unsupported)));
    }
}
