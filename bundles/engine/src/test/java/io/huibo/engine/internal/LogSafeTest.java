package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LogSafeTest {
    private static final String INVITE = "INVITE sip:+8613800138000@127.0.0.1:5060 SIP/2.0\r\n"
            + "From: <sip:13900139000@carrier.example>;tag=1\r\nTo: <sip:+86 571 8888 0000@huibo>\r\n"
            + "Call-ID: a84b4c76e66710\r\nCSeq: 314159 INVITE\r\n\r\n";

    /** What JAIN-SIP's UDPMessageChannel writes: the whole 64 KB receive buffer as byte values. */
    @Test
    void aWholeDatagramDumpedAsByteValuesBecomesItsLength() {
        byte[] buffer = new byte[64 * 1024];
        byte[] invite = INVITE.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + invite.length <= buffer.length; i += invite.length) {
            System.arraycopy(invite, 0, buffer, i, invite.length);
        }
        String dump = "Error while processing incoming UDP packet" + Arrays.toString(buffer);
        assertTrue(dump.length() > 250_000, "the dump is as long as the stack writes it");
        String safe = LogSafe.scrub(dump);
        assertEquals("Error while processing incoming UDP packet[65536 bytes]", safe);
    }

    @Test
    void aDumpCutOffBeforeItsBracketStillShowsNoByteValue() {
        String safe = LogSafe.scrub("packet [73, 78, 86, 73, 84, 69, 32, 115, 105, 112, 58, 43, 56, 54");
        assertEquals("packet [14 bytes]", safe);
    }

    @Test
    void aMessageQuotedAsTextKeepsOnlyItsFirstLineWithNumbersMasked() {
        String safe = LogSafe.scrub("could not parse " + INVITE);
        assertFalse(safe.contains("8613800138000") || safe.contains("13800138000"), safe);
        assertFalse(safe.contains("13900139000") || safe.contains("From:"), safe);
        assertTrue(safe.startsWith("could not parse INVITE sip:+****8000@127.0.0.1:5060 SIP/2.0 ["), safe);
        assertTrue(safe.endsWith(" more chars left out]"), safe);
    }

    @Test
    void numbersWrittenInGroupsAreMaskedAndShortOnesKept() {
        assertEquals("to +****0000 at port 5060, CSeq 31415", LogSafe.scrub("to +86 571 8888-0000 at port 5060, CSeq 31415"));
        assertEquals("IP 192.168.100.200 list [1, 2]", LogSafe.scrub("IP 192.168.100.200 list [1, 2]"));
    }

    @Test
    void aLongLineIsCut() {
        String safe = LogSafe.scrub("x".repeat(70_000));
        assertTrue(safe.length() < LogSafe.MAX_CHARS + 40, "length " + safe.length());
    }

    @Test
    void anExceptionKeepsItsTypeAndStackButNotTheNumbersOfItsMessage() {
        ParseException cause = new ParseException("bad header To: <sip:+8613900139000@x>", 3);
        RuntimeException failure = new IllegalStateException("INVITE sip:+8613800138000@h SIP/2.0\r\nVia: ...", cause);
        Throwable safe = LogSafe.scrub(failure);
        assertEquals("java.lang.IllegalStateException: INVITE sip:+****8000@h SIP/2.0 [10 more chars left out]",
                safe.toString());
        assertEquals("java.text.ParseException: bad header To: <sip:+****9000@x>", safe.getCause().toString());
        assertEquals(Arrays.asList(failure.getStackTrace()), Arrays.asList(safe.getStackTrace()));
    }
}
