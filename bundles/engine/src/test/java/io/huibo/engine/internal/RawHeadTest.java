package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class RawHeadTest {

    private static RawHead head(String text) {
        return RawHead.of(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readsTheStartLineAndTheFieldsUpToTheEmptyLine() {
        RawHead raw = head("\r\n\r\nBYE sip:a@b SIP/2.0\r\nVia : SIP/2.0/UDP h\r\nTo: <sip:b@c>\r\n\r\nX: body\r\n");
        assertEquals("BYE sip:a@b SIP/2.0", raw.startLine());
        assertEquals(List.of(new RawHead.Header("Via", "SIP/2.0/UDP h"), new RawHead.Header("To", "<sip:b@c>")),
                raw.headers());
    }

    @Test
    void joinsFoldedLinesAndTakesABareLfForCrlf() {
        RawHead raw = head("INVITE sip:a@b SIP/2.0\nSubject: one\r\n\t two\n  three\nFrom: x\n\nbody");
        assertEquals(List.of(new RawHead.Header("Subject", "one two three"), new RawHead.Header("From", "x")),
                raw.headers());
    }

    @Test
    void keepsACarriageReturnThatNoLineFeedFollows() {
        RawHead raw = head("OPTIONS sip:a@b SIP/2.0 \r\r\nTo: a\rb\r\n\r\n");
        assertEquals("OPTIONS sip:a@b SIP/2.0 \r", raw.startLine());
        assertEquals(List.of(new RawHead.Header("To", "a\rb")), raw.headers());
    }

    @Test
    void withoutAnEmptyLineTheWholeMessageIsTheHead() {
        RawHead raw = head("OPTIONS sip:a@b SIP/2.0\r\nno colon\r\nCSeq: 1 OPTIONS\r\n");
        assertEquals(List.of(new RawHead.Header("CSeq", "1 OPTIONS")), raw.headers());
        assertEquals("", head("").startLine());
    }
}
