package io.huibo.adapters.clinic.internal;

import java.io.IOException;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.v25.message.ACK;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.DeepCopy;
import ca.uhn.hl7v2.util.Terser;

/**
 * ACKs in the sender's own encoding: MSA-1 the code, MSA-2 the message's control id, and for a
 * refusal an ERR segment with the HL7 error code and the reason (ERR-3, ERR-8; MSA-3 too for
 * pre-2.5 receivers). A message too broken to parse is answered from whatever of its MSH can be
 * read, or from nothing.
 */
final class Acknowledgements {
    private final PipeParser parser;

    Acknowledgements(PipeParser parser) {
        this.parser = parser;
    }

    String accept(Message in) throws HL7Exception, IOException {
        return parser.encode(in.generateACK(AcknowledgmentCode.AA, null));
    }

    String refuse(Message in, RejectedMessage why) throws HL7Exception, IOException {
        Message ack = in.generateACK(why.code(), new HL7Exception(why.getMessage(), why.error()));
        return parser.encode(withReason(ack, why));
    }

    /** An AR for text that is not a message: MSA-2 is the control id if MSH could be read, else empty. */
    String refuseUnparsed(String raw, RejectedMessage why) throws HL7Exception, IOException {
        Message ack;
        try {
            Segment header = parser.getCriticalResponseData(raw);
            // the header hangs off a dummy message whose own MSH is still empty
            Message in = header.getMessage();
            DeepCopy.copy(header, (Segment) in.get("MSH"));
            ack = in.generateACK(why.code(), new HL7Exception(why.getMessage(), why.error()));
        } catch (HL7Exception | RuntimeException unreadableHeader) {
            ACK bare = new ACK();
            bare.setParser(parser);
            bare.initQuickstart("ACK", "", "P");
            new HL7Exception(why.getMessage(), why.error()).populateResponse(bare, why.code(), 0);
            ack = bare;
        }
        return parser.encode(withReason(ack, why));
    }

    private static Message withReason(Message ack, RejectedMessage why) throws HL7Exception {
        Terser terser = new Terser(ack);
        terser.set("/MSA-3", why.getMessage());
        terser.set("/ERR-8", why.getMessage());
        return ack;
    }

    static RejectedMessage unparseable() {
        return RejectedMessage.reject(ErrorCode.SEGMENT_SEQUENCE_ERROR, "the message cannot be parsed as HL7 v2 (ER7)");
    }
}
