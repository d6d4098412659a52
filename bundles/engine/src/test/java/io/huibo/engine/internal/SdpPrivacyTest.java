package io.huibo.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SdpPrivacyTest {
    private static final String SDP = "v=0\r\no=13800138000 53655765 2353687637 IN IP4 127.0.0.1\r\n"
            + "s=Call from 13800138000\r\ni=Zhang San\r\nu=http://example.com/13800138000\r\ne=zs@example.com\r\n"
            + "p=+86 138 0013 8000\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 6000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\nm=video 6002 RTP/AVP 96\r\n";

    @Test
    void anonymiseKeepsTheMediaAndDropsWhatNamesTheParty() {
        assertEquals("v=0\r\no=- 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 6000 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\nm=video 6002 RTP/AVP 96\r\n",
                SdpPrivacy.anonymise(SDP));
    }

    @Test
    void declineAllSetsEveryMediaPortToZero() {
        assertEquals("v=0\r\no=- 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio 0 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\nm=video 0 RTP/AVP 96\r\n",
                SdpPrivacy.declineAll(SDP));
    }

    @Test
    void readsLinesEndedByABareLfAsWell() {
        assertEquals("v=0\no=- 1 2 IN IP4 h\ns=-\nm=audio 0 RTP/AVP 0\nm=x\ni=last line, no LF",
                SdpPrivacy.declineAll("v=0\no=13800138000 1 2 IN IP4 h\ns=13800138000\np=13800138000\nm=audio 4000 RTP/AVP 0\n"
                        + "m=x\ni=last line, no LF"));
    }
}
