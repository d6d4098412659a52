package io.huibo.engine.internal;

import java.util.Properties;

import javax.sip.PeerUnavailableException;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.ServerResponseInterface;

/**
 * JAIN-SIP's stack, minus one linear scan. A response whose transaction is not in the stack's
 * table (a 200 OK retransmitted after its INVITE transaction ended, a late answer) makes the
 * stack try every live client transaction in turn, to support RFC 2543 peers whose responses
 * carry no RFC 3261 branch. With an RFC 3261 branch the table's key is exact, so that scan can
 * never match; under load, with thousands of transactions live and peers retransmitting, it
 * took most of the stack's time. Such a response goes straight to the stack's handling of
 * responses without a transaction (dialog-level ACK resend, or the stray-response rule).
 */
final class ExactMatchSipStack extends SipStackImpl {
    private static final String RFC3261_BRANCH = "z9hg4bk";

    ExactMatchSipStack(Properties properties) throws PeerUnavailableException {
        super(properties);
    }

    @Override
    public ServerResponseInterface newSIPServerResponse(SIPResponse response, MessageChannel channel) {
        String key = response.getTransactionId();
        if (sipMessageValves.isEmpty() && key != null && key.startsWith(RFC3261_BRANCH) && findTransaction(key, false) == null) {
            return sipMessageFactory.newSIPServerResponse(response, channel);
        }
        return super.newSIPServerResponse(response, channel);
    }
}
