package io.huibo.adapters.clinic.internal;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;

/**
 * A message the adapter does not act on, and why: AR for one it cannot process at all (not a
 * scheduling message, not HL7), AE for one it understood but finds wrong (no patient phone, an
 * unknown appointment). The reason goes back in the ACK; it never quotes the message.
 */
final class RejectedMessage extends Exception {
    private static final long serialVersionUID = 1L;

    private final AcknowledgmentCode code;
    private final ErrorCode error;

    private RejectedMessage(AcknowledgmentCode code, ErrorCode error, String reason) {
        super(reason);
        this.code = code;
        this.error = error;
    }

    static RejectedMessage error(ErrorCode error, String reason) {
        return new RejectedMessage(AcknowledgmentCode.AE, error, reason);
    }

    static RejectedMessage reject(ErrorCode error, String reason) {
        return new RejectedMessage(AcknowledgmentCode.AR, error, reason);
    }

    AcknowledgmentCode code() {
        return code;
    }

    ErrorCode error() {
        return error;
    }
}
