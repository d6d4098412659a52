package io.huibo.engine.internal;

import java.text.ParseException;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * JAIN-SIP's own parser, which also hangs each request's {@link RawHead} on it as application
 * data for {@link RequestValidator}. Named in the stack property
 * {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}, so the stack creates it.
 */
public final class RawHeadParserFactory implements MessageParserFactory {

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return new RawHeadKeepingParser();
    }

    private static final class RawHeadKeepingParser extends StringMsgParser {
        @Override
        public SIPMessage parseSIPMessage(byte[] bytes, boolean readBody, boolean strict,
                ParseExceptionListener listener) throws ParseException {
            SIPMessage message = super.parseSIPMessage(bytes, readBody, strict, listener);
            if (message instanceof SIPRequest) {
                message.setApplicationData(RawHead.of(bytes));
            }
            return message;
        }
    }
}
