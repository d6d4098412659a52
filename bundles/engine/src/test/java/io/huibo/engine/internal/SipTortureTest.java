package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Sends every RFC 4475 and RFC 5118 torture message, byte for byte, to a real {@link SipEndpoint}
 * over UDP from the trunk's address and port, and checks the answer: the status the RFCs (or, for
 * valid requests, the engine's policy for requests outside any call) prescribe, on the socket that
 * sent it, or none at all.
 */
class SipTortureTest {
    /** No answer: responses to nothing, and what cannot be answered, are dropped. */
    private static final int NONE = 0;
    private static final int ANSWER_WAIT_MS = 2_000;
    private static final int SILENCE_WAIT_MS = 300;
    private static final Pattern CALL_ID = Pattern.compile("^(?:call-id|i)[ \\t]*:(.*)$",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    /** File (relative to the torture folder) → expected status. Valid requests must never get 400. */
    private static final Map<String, Integer> EXPECTED = new TreeMap<>(Map.ofEntries(
            // RFC 4475 3.1.1: valid messages, answered by the engine's policy
            Map.entry("rfc4475/wsinv.dat", 404),       // tortuous but valid INVITE; no callback binding
            Map.entry("rfc4475/intmeth.dat", 405),     // unknown (valid) method
            Map.entry("rfc4475/esc01.dat", 404),       // escaped characters in URIs are valid
            Map.entry("rfc4475/escnull.dat", 405),     // escaped NULs are valid; REGISTER not taken
            Map.entry("rfc4475/esc02.dat", 405),       // RE%47IST%45R is a method of its own, not REGISTER
            Map.entry("rfc4475/lwsdisp.dat", 200),     // no LWS between display name and <
            Map.entry("rfc4475/longreq.dat", 404),     // long values are valid
            Map.entry("rfc4475/dblreq.dat", 405),      // the trailing INVITE in the datagram is ignored
            Map.entry("rfc4475/semiuri.dat", 200),     // ; in the user part
            Map.entry("rfc4475/transports.dat", 200),  // unusual transports in lower Vias
            Map.entry("rfc4475/mpart01.dat", 405),     // multipart body; MESSAGE not taken
            Map.entry("rfc4475/unreason.dat", NONE),   // a response to nothing
            Map.entry("rfc4475/noreason.dat", NONE),   // a response to nothing
            // RFC 4475 3.1.2: invalid messages
            Map.entry("rfc4475/badinv01.dat", 400),    // empty Via and Contact parameters
            Map.entry("rfc4475/clerr.dat", 400),       // Content-Length past the datagram's end
            Map.entry("rfc4475/ncl.dat", 400),         // negative Content-Length
            Map.entry("rfc4475/scalar02.dat", 400),    // CSeq, Max-Forwards, Expires overflow
            Map.entry("rfc4475/scalarlg.dat", NONE),   // a response, with overflowing numbers
            Map.entry("rfc4475/quotbal.dat", 400),     // unterminated quoted string
            Map.entry("rfc4475/ltgtruri.dat", 400),    // <> around the Request-URI
            Map.entry("rfc4475/lwsruri.dat", 400),     // LWS inside the Request-URI
            Map.entry("rfc4475/lwsstart.dat", 400),    // several SP between Request-Line elements
            Map.entry("rfc4475/trws.dat", 400),        // SP after the SIP-Version
            Map.entry("rfc4475/escruri.dat", 400),     // headers in the Request-URI
            Map.entry("rfc4475/baddate.dat", 404),     // non-GMT Date: ignored, as we never read it
            Map.entry("rfc4475/regbadct.dat", 400),    // URI with ? in Contact not inside <>
            Map.entry("rfc4475/badaspec.dat", 400),    // spaces inside <> around the addr-spec
            Map.entry("rfc4475/baddn.dat", 400),       // unquoted display name with a comma
            Map.entry("rfc4475/badvers.dat", 505),     // SIP/7.0
            Map.entry("rfc4475/mismatch01.dat", 400),  // CSeq method differs from the Request-Line's
            Map.entry("rfc4475/mismatch02.dat", 400),  // the same, with an unknown method
            Map.entry("rfc4475/bigcode.dat", NONE),    // a response, with an overlarge status code
            // RFC 4475 3.2: transaction layer
            Map.entry("rfc4475/badbranch.dat", 200),   // bare magic cookie as branch: still valid
            // RFC 4475 3.3: application layer
            // no From, To or Call-ID: "ideally" 400, but JAIN-SIP drops it, as it cannot copy them
            Map.entry("rfc4475/insuf.dat", NONE),
            Map.entry("rfc4475/unkscm.dat", 416),      // unknown Request-URI scheme
            Map.entry("rfc4475/novelsc.dat", 416),     // known but unsupported Request-URI scheme
            Map.entry("rfc4475/unksm2.dat", 405),      // unknown schemes in To/From/Contact are valid
            Map.entry("rfc4475/bext01.dat", 420),      // unsupported Require option tags
            Map.entry("rfc4475/invut.dat", 415),      // a body of an unknown type
            Map.entry("rfc4475/regaut01.dat", 405),    // unknown Authorization scheme is valid
            Map.entry("rfc4475/multi01.dat", 400),     // several CSeq, Call-ID, To, From
            Map.entry("rfc4475/mcl01.dat", 400),       // several Content-Length
            Map.entry("rfc4475/bcast.dat", NONE),      // a response (with a broadcast Via)
            Map.entry("rfc4475/zeromf.dat", 200),      // Max-Forwards 0 matters to proxies, not to a UAS
            Map.entry("rfc4475/cparam01.dat", 405),    // unknown Contact parameter
            Map.entry("rfc4475/cparam02.dat", 405),    // unknown Contact URI parameter
            Map.entry("rfc4475/regescrt.dat", 405),    // escaped headers in a Contact URI inside <>
            Map.entry("rfc4475/sdp01.dat", 406),       // Accept without SDP: no answer it would take
            // RFC 4475 3.4: backward compatibility
            Map.entry("rfc4475/inv2543.dat", 404),     // RFC 2543 INVITE: no branch, no Max-Forwards
            // not from RFC 4475: no SIP-Version, no Via, no CSeq; cannot be answered
            Map.entry("rfc4475/test.dat", NONE),
            // RFC 5118
            Map.entry("rfc5118/ipv6-good", 405),                      // IPv6 reference Request-URI
            Map.entry("rfc5118/ipv6-bad", 400),                       // IPv6 Request-URI host without []
            Map.entry("rfc5118/port-ambiguous", 405),                 // [2001:db8::10:5070] is an address
            Map.entry("rfc5118/port-unambiguous", 405),               // [2001:db8::10]:5070
            Map.entry("rfc5118/via-received-param-with-delim", 481),  // BYE outside any dialog
            Map.entry("rfc5118/via-received-param-no-delim", 200),    // received without [] is valid
            Map.entry("rfc5118/ipv6-in-sdp", 404),
            Map.entry("rfc5118/mult-ip-in-header", 481),              // BYE outside any dialog
            Map.entry("rfc5118/mult-ip-in-sdp", 404),
            Map.entry("rfc5118/ipv4-mapped-ipv6", 404),
            Map.entry("rfc5118/ipv6-bug-abnf-3-colons", 200),         // RFC 5118 4.10: be liberal
            Map.entry("rfc5118/ipv6-correct-abnf-2-colons", 200)));

    private static Path tortureDir;
    private static SipEndpoint endpoint;
    private static InetSocketAddress engineAddress;
    private static int trunkPort;

    @BeforeAll
    static void startEndpoint() throws Exception {
        String dir = System.getProperty("huibo.torture.dir");
        assertNotNull(dir, "system property huibo.torture.dir is not set");
        tortureDir = Path.of(dir);
        assertTrue(Files.isDirectory(tortureDir), "torture messages missing: " + tortureDir.toAbsolutePath());
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, loopback); DatagramSocket trunkProbe = new DatagramSocket(0, loopback)) {
            port = probe.getLocalPort();
            trunkPort = trunkProbe.getLocalPort();
        }
        TrunkSettings trunk = new TrunkSettings(new DialPlan(new DialPlan.Peer("127.0.0.1", trunkPort), ""), "udp", null, null,
                null, "CN", null);
        // no binding routes any of these calls: each INVITE that gets through is refused 404
        endpoint = new SipEndpoint("127.0.0.1", port, null, trunk, () -> false,
                (invite, caller, x) -> endpoint.refuse(invite, 404), new RetransmissionRate(System::nanoTime));
        engineAddress = new InetSocketAddress(loopback, port);
    }

    @AfterAll
    static void stopEndpoint() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void theTableCoversExactlyTheFilesInTheFolder() throws IOException {
        assertEquals(new TreeSet<>(EXPECTED.keySet()), new TreeSet<>(tortureFiles()));
    }

    @TestFactory
    Stream<DynamicTest> everyMessageGetsTheAnswerTheRfcsPrescribe() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : tortureFiles()) {
            tests.add(dynamicTest(file, () -> assertAnswer(file)));
        }
        tests.add(dynamicTest("no server transaction or dialog is left behind", () -> {
            assertEquals(0, endpoint.counts().serverTransactions(), "server transactions left");
            assertEquals(0, endpoint.counts().dialogs(), "dialogs left");
        }));
        return tests.stream();
    }

    private static List<String> tortureFiles() throws IOException {
        try (Stream<Path> files = Files.walk(tortureDir)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> tortureDir.relativize(file).toString().replace('\\', '/'))
                    .filter(name -> name.startsWith("rfc4475/") || name.startsWith("rfc5118/"))
                    .sorted()
                    .toList();
        }
    }

    /** The trunk's host but not its port: anything else on that host could have sent it. */
    @Test
    void aValidInviteFromTheTrunksAddressButAnotherPortIsRefused() throws IOException {
        byte[] message = Files.readAllBytes(tortureDir.resolve("rfc4475/wsinv.dat"));
        try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            stranger.send(new DatagramPacket(message, message.length, engineAddress));
            String answer = receive(stranger, ANSWER_WAIT_MS);
            assertNotNull(answer, "no answer");
            assertEquals(403, statusOf(answer), statusLine(answer));
        }
    }

    private static void assertAnswer(String file) throws IOException {
        Integer expected = EXPECTED.get(file);
        assertNotNull(expected, "no expected answer for " + file);
        byte[] message = Files.readAllBytes(tortureDir.resolve(file));
        try (DatagramSocket phone = new DatagramSocket(trunkPort, InetAddress.getByName("127.0.0.1"))) {
            phone.send(new DatagramPacket(message, message.length, engineAddress));
            String answer = receive(phone, expected == NONE ? SILENCE_WAIT_MS : ANSWER_WAIT_MS);
            if (expected == NONE) {
                assertNull(answer == null ? null : statusLine(answer), file + " must get no answer");
            } else if (answer == null) {
                fail(file + ": no answer, expected " + expected);
            } else {
                assertEquals(expected, statusOf(answer), file + " answered " + statusLine(answer));
                assertEquals(callIdOf(new String(message, StandardCharsets.ISO_8859_1)), callIdOf(answer),
                        file + " answered for another request");
                assertNull(receive(phone, SILENCE_WAIT_MS), file + " got a second answer");
                if (expected == 420) {
                    // RFC 3261 §8.2.2.3: a UAS lists what Require asked for, never Proxy-Require
                    assertEquals(headerValues(new String(message, StandardCharsets.ISO_8859_1), "Require"),
                            headerValues(answer, "Unsupported"), file + ": Unsupported must list the Require tags");
                }
            }
        }
    }

    /** The comma-separated values of every {@code name} header in a message's head, as a set. */
    private static Set<String> headerValues(String message, String name) {
        Set<String> values = new TreeSet<>();
        for (String line : message.split("\r\n\r\n", 2)[0].split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                Arrays.stream(line.substring(colon + 1).split(",")).map(String::strip).forEach(values::add);
            }
        }
        return values;
    }

    /** The first Call-ID (or its compact form i) in a message's head. */
    private static String callIdOf(String message) {
        Matcher callId = CALL_ID.matcher(message.split("\r\n\r\n", 2)[0]);
        return callId.find() ? callId.group(1).strip() : null;
    }

    private static String receive(DatagramSocket socket, int timeoutMs) throws IOException {
        byte[] buffer = new byte[65_535];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout(timeoutMs);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    private static String statusLine(String answer) {
        int end = answer.indexOf("\r\n");
        return end < 0 ? answer : answer.substring(0, end);
    }

    private static int statusOf(String answer) {
        String[] parts = statusLine(answer).split(" ", 3);
        assertEquals("SIP/2.0", parts[0], "not a response: " + statusLine(answer));
        return Integer.parseInt(parts[1]);
    }
}
