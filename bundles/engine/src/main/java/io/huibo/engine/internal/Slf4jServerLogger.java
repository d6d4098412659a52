package io.huibo.engine.internal;

import java.util.Properties;

import javax.sip.SipStack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.core.ServerLogger;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;

/**
 * JAIN-SIP's message log, on slf4j at trace level. It names each message by method or status
 * and Call-ID only: headers and bodies carry real numbers.
 */
public final class Slf4jServerLogger implements ServerLogger {
    private static final Logger LOG = LoggerFactory.getLogger("io.huibo.engine.sip.messages");

    @Override
    public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {
        logMessage(message, from, to, null, sender, time);
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {
        if (LOG.isTraceEnabled()) {
            String what = message instanceof SIPRequest request ? request.getMethod()
                    : message instanceof SIPResponse response ? String.valueOf(response.getStatusCode()) : "?";
            LOG.trace("{} {} {} Call-ID {}", sender ? "sent" : "received", what, sender ? to : from,
                    message.getCallId() == null ? "-" : LogSafe.scrub(message.getCallId().getCallId()));
        }
    }

    @Override
    public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {
        logMessage(message, from, to, status, sender, 0L);
    }

    @Override
    public void logException(Exception e) {
        LOG.warn("SIP transport exception", LogSafe.scrub(e));
    }

    @Override
    public void closeLogFile() {
        // nothing is held open
    }

    @Override
    public void setStackProperties(Properties properties) {
        // nothing to take from them
    }

    @Override
    public void setSipStack(SipStack stack) {
        // not needed
    }
}
