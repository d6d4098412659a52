package io.huibo.adapters.clinic.internal;

import java.io.IOException;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;
import io.huibo.api.adapter.EventLedger;

/**
 * Turns each inbound HL7 message into an ACK: parse, read, de-duplicate, apply. Nothing changes
 * unless the message is read whole and valid; a message seen before (same sender and MSH-10) is
 * acknowledged AA again and not acted on, so a resend never places a second call. Log lines name
 * control ids, codes and reasons, never a field of the message: it carries patient phones.
 */
final class Hl7Inbox {
    private static final Logger LOG = LoggerFactory.getLogger(Hl7Inbox.class);

    private final PipeParser parser;
    private final Acknowledgements acks;
    private final SiuReader reader;
    private final AppointmentBook book;
    private final EventLedger ledger;
    private final Supplier<String> region;

    /** @param region the tenant's region, for national-format patient phones */
    Hl7Inbox(PipeParser parser, SiuReader reader, AppointmentBook book, EventLedger ledger, Supplier<String> region) {
        this.parser = parser;
        this.acks = new Acknowledgements(parser);
        this.reader = reader;
        this.book = book;
        this.ledger = ledger;
        this.region = region;
    }

    /** @return the ACK to send back */
    String receive(String raw) throws HL7Exception, IOException {
        Message message;
        try {
            message = parser.parse(raw);
        } catch (HL7Exception | RuntimeException e) {
            LOG.info("Refused a message that does not parse as HL7 v2 ({})", e.getClass().getSimpleName());
            return acks.refuseUnparsed(raw, Acknowledgements.unparseable());
        }
        AppointmentMessage appointment;
        try {
            appointment = reader.read(message, region.get());
        } catch (RejectedMessage why) {
            LOG.info("Refused message {} with {}: {}", controlId(message), why.code(), why.getMessage());
            return acks.refuse(message, why);
        }
        if (!ledger.firstTime(ClinicConstants.VENDOR_ID, appointment.eventId())) {
            LOG.info("Message {} was acted on before: acknowledged again, nothing done", controlId(message));
            return acks.accept(message);
        }
        try {
            book.apply(appointment);
        } catch (RejectedMessage why) {
            ledger.forget(ClinicConstants.VENDOR_ID, appointment.eventId());
            LOG.info("Refused message {} with {}: {}", controlId(message), why.code(), why.getMessage());
            return acks.refuse(message, why);
        } catch (RuntimeException e) {
            // the sender's retry is to be acted on: Huibo failed, not the message
            ledger.forget(ClinicConstants.VENDOR_ID, appointment.eventId());
            LOG.warn("Message {} could not be applied", controlId(message), e);
            return acks.refuse(message, RejectedMessage.error(ErrorCode.APPLICATION_INTERNAL_ERROR,
                    "Huibo could not apply the message now; send it again later"));
        }
        return acks.accept(message);
    }

    private static String controlId(Message message) {
        try {
            return new Terser(message).get("/MSH-10");
        } catch (HL7Exception e) {
            return "?";
        }
    }
}
