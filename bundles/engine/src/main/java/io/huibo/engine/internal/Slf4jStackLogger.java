package io.huibo.engine.internal;

import java.util.Locale;
import java.util.Properties;

import javax.net.ssl.SSLHandshakeException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.core.StackLogger;

/**
 * JAIN-SIP's logger, on slf4j instead of log4j. The stack's debug and trace output prints
 * whole SIP messages, real numbers included, so it is never enabled; its info goes to debug.
 * Its errors and warnings may quote a message too, so each goes through {@link LogSafe}.
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("io.huibo.engine.sip");

    @Override
    public boolean isLoggingEnabled() {
        return true;
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        return level <= TRACE_WARN || (level == TRACE_INFO && LOG.isDebugEnabled());
    }

    @Override
    public void logError(String message) {
        // a request dropped for lack of From, To, Call-ID, CSeq or Via comes as two lines: the
        // whole message, then its From and To; both may hold real numbers
        if (message.startsWith(">>> Dropped Bad Msg")) {
            LOG.warn("Dropped a request without From, To, Call-ID, CSeq or Via");
        } else if (message.startsWith("Detected stray response")) {
            debug(message); // anyone can send us responses to nothing: no error of ours
        } else if (!message.startsWith("bad message ")) {
            LOG.error(LogSafe.scrub(message));
        }
    }

    @Override
    public void logError(String message, Exception e) {
        if (message.startsWith("Error while processing incoming UDP packet") || e instanceof SSLHandshakeException) {
            // a datagram the stack gave up on, a TLS peer we would not talk to: anyone can send
            // one, so one line, no error of ours and no stack trace to fill the log with
            if (LOG.isInfoEnabled()) {
                LOG.info("{}: {}", LogSafe.scrub(message), String.valueOf(LogSafe.scrub(e)));
            }
        } else {
            LOG.error(LogSafe.scrub(message), LogSafe.scrub(e));
        }
    }

    @Override
    public void logFatalError(String message) {
        LOG.error(LogSafe.scrub(message));
    }

    @Override
    public void logWarning(String message) {
        if (message.toLowerCase(Locale.ROOT).contains("tls") || message.contains("store type")) {
            debug(message); // the stack's notes that TLS is unconfigured, as it is unless etc/ asks
        } else {
            LOG.warn(LogSafe.scrub(message));
        }
    }

    @Override
    public void logException(Throwable t) {
        LOG.warn("SIP stack exception", LogSafe.scrub(t));
    }

    @Override
    public void logInfo(String message) {
        debug(message);
    }

    /** Scrubbing reads the whole message, which may be a whole SIP message: only for a line that is written. */
    private static void debug(String message) {
        if (LOG.isDebugEnabled()) {
            LOG.debug(LogSafe.scrub(message));
        }
    }

    @Override
    public void logDebug(String message) {
        // never enabled: see the class comment
    }

    @Override
    public void logDebug(String message, Exception e) {
        // never enabled: see the class comment
    }

    @Override
    public void logTrace(String message) {
        // never enabled: see the class comment
    }

    @Override
    public void logStackTrace() {
        // never enabled: see the class comment
    }

    @Override
    public void logStackTrace(int traceLevel) {
        // never enabled: see the class comment
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void disableLogging() {
        // levels come from slf4j's configuration
    }

    @Override
    public void enableLogging() {
        // levels come from slf4j's configuration
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        LOG.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties properties) {
        // nothing to take from them
    }

    @Override
    public String getLoggerName() {
        return LOG.getName();
    }
}
