package io.huibo.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.net.ssl.SSLSocket;

/**
 * A bare SIP peer on plain sockets, for what SIPp cannot do here: TLS (Debian's SIPp has none),
 * SHA-256 digest answers and replays of a captured Authorization header. It writes requests as
 * text and reads the final answer to one Call-ID.
 */
final class SipProbe {
    private static final int ANSWER_WAIT_MS = 5_000;

    /** A response: its status and head, for header checks. */
    record Answer(int status, String head) {
        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).strip());
                }
            }
            return values;
        }
    }

    /** One request's identity: a new Call-ID and branch each, unless a test reuses them on purpose. */
    record Request(String method, String requestUri, String transport, InetSocketAddress local, String callId,
            String branch, int cseq, String caller, String authorization) {

        static Request invite(String requestUri, String transport, InetSocketAddress local, String caller) {
            return new Request("INVITE", requestUri, transport, local, UUID.randomUUID() + "@probe", newBranch(), 1, caller, null);
        }

        static Request options(String requestUri, String transport, InetSocketAddress local) {
            return new Request("OPTIONS", requestUri, transport, local, UUID.randomUUID() + "@probe", newBranch(), 1,
                    "+8613700137000", null);
        }

        /** The same call's next INVITE, answering a challenge with {@code authorization}. */
        Request next(String withAuthorization) {
            return new Request(method, requestUri, transport, local, callId, newBranch(), cseq + 1, caller, withAuthorization);
        }

        /** Another call that carries the same Authorization header: a replay. */
        Request replayedAsNewCall() {
            return new Request(method, requestUri, transport, local, UUID.randomUUID() + "@probe", newBranch(), 1, caller,
                    authorization);
        }

        String text() {
            String local = this.local.getAddress().getHostAddress() + ":" + this.local.getPort();
            String body = method.equals("INVITE") ? "v=0\r\no=probe 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
                    + "t=0 0\r\nm=audio 40000 RTP/AVP 0\r\n" : "";
            return method + " " + requestUri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/" + transport + " " + local + ";branch=" + branch + ";rport\r\n"
                    + "From: <sip:" + caller + "@" + local + ">;tag=probe" + callId.hashCode() + "\r\n"
                    + "To: <" + requestUri + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " " + method + "\r\n"
                    + "Contact: <sip:probe@" + local + ";transport=" + transport.toLowerCase() + ">\r\n"
                    + "Max-Forwards: 70\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + (body.isEmpty() ? "" : "Content-Type: application/sdp\r\n")
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        }

        /** The ACK a UAC owes a non-2xx final answer to its INVITE (RFC 3261 §17.1.1.3). */
        String ackFor(Answer answer) {
            String to = answer.headers("To").get(0);
            String local = this.local.getAddress().getHostAddress() + ":" + this.local.getPort();
            return "ACK " + requestUri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/" + transport + " " + local + ";branch=" + branch + ";rport\r\n"
                    + "From: <sip:" + caller + "@" + local + ">;tag=probe" + callId.hashCode() + "\r\n"
                    + "To: " + to + "\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: " + cseq + " ACK\r\n"
                    + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
        }

        private static String newBranch() {
            return "z9hG4bK" + UUID.randomUUID().toString().replace("-", "");
        }
    }

    private SipProbe() {
    }

    /** Sends {@code request} over UDP and returns its final answer, or null if none came; a non-2xx to an INVITE is ACKed. */
    static Answer overUdp(DatagramSocket socket, InetSocketAddress huibo, Request request) throws IOException {
        send(socket, huibo, request.text());
        socket.setSoTimeout(ANSWER_WAIT_MS);
        byte[] buffer = new byte[65_535];
        long deadline = System.currentTimeMillis() + ANSWER_WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return null;
            }
            Answer answer = parse(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            if (answer != null && answer.status() >= 200 && answer.headers("Call-ID").contains(request.callId())) {
                if (request.method().equals("INVITE")) {
                    send(socket, huibo, request.ackFor(answer));
                }
                return answer;
            }
        }
        return null;
    }

    /** Sends {@code request} over a TLS connection and returns its final answer; null if none came. */
    static Answer overTls(SSLSocket socket, Request request) throws IOException {
        socket.setSoTimeout(ANSWER_WAIT_MS);
        socket.getOutputStream().write(request.text().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        while (true) {
            String head = readHead(in);
            if (head == null) {
                return null;
            }
            Answer answer = parse(head);
            List<String> length = answer == null ? List.of() : answer.headers("Content-Length");
            in.readNBytes(length.isEmpty() ? 0 : Integer.parseInt(length.get(0)));
            if (answer != null && answer.status() >= 200) {
                if (request.method().equals("INVITE")) {
                    socket.getOutputStream().write(request.ackFor(answer).getBytes(StandardCharsets.UTF_8));
                }
                return answer;
            }
        }
    }

    /** The Authorization value a client with {@code password} writes for {@code request} under {@code challenge}. */
    static String authorization(String challenge, String algorithm, String user, String password, Request request) {
        String realm = parameter(challenge, "realm");
        String nonce = parameter(challenge, "nonce");
        String nc = "00000001";
        String cnonce = UUID.randomUUID().toString().substring(0, 8);
        String ha1 = hash(algorithm, user + ":" + realm + ":" + password);
        String ha2 = hash(algorithm, request.method() + ":" + request.requestUri());
        String response = hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\""
                + request.requestUri() + "\", response=\"" + response + "\", algorithm=" + algorithm
                + ", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\"";
    }

    /** A parameter of a challenge, quoted or not; null if absent. */
    static String parameter(String challenge, String name) {
        for (String part : challenge.substring(challenge.indexOf(' ') + 1).split(",")) {
            String[] nameValue = part.strip().split("=", 2);
            if (nameValue.length == 2 && nameValue[0].equalsIgnoreCase(name)) {
                return nameValue[1].replace("\"", "");
            }
        }
        return null;
    }

    private static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(DatagramSocket socket, InetSocketAddress to, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    /** The head of the next message on a connection, its body skipped; null if none came. */
    static String readMessage(InputStream in) throws IOException {
        String head = readHead(in);
        if (head != null) {
            List<String> length = new Answer(0, head).headers("Content-Length");
            in.readNBytes(length.isEmpty() ? 0 : Integer.parseInt(length.get(0)));
        }
        return head;
    }

    /** A final answer to {@code request} (a head as read), as a UAS writes it. */
    static String answer(String request, int status, String reason) {
        Answer head = new Answer(0, request);
        StringBuilder response = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n");
        head.headers("Via").forEach(via -> response.append("Via: ").append(via).append("\r\n"));
        response.append("From: ").append(head.headers("From").get(0)).append("\r\n")
                .append("To: ").append(head.headers("To").get(0)).append(";tag=probe\r\n")
                .append("Call-ID: ").append(head.headers("Call-ID").get(0)).append("\r\n")
                .append("CSeq: ").append(head.headers("CSeq").get(0)).append("\r\n")
                .append("Content-Length: 0\r\n\r\n");
        return response.toString();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        try {
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
            }
        } catch (SocketTimeoutException e) {
            return null;
        }
        return head.toString(StandardCharsets.UTF_8);
    }

    private static Answer parse(String message) {
        if (!message.startsWith("SIP/2.0 ")) {
            return null;
        }
        String head = message.split("\r\n\r\n", 2)[0];
        return new Answer(Integer.parseInt(head.substring(8, 11)), head);
    }
}
