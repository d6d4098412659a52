package io.huibo.adapters.clinic.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v25.datatype.CE;
import ca.uhn.hl7v2.model.v25.datatype.NM;
import ca.uhn.hl7v2.model.v25.datatype.TS;
import ca.uhn.hl7v2.model.v25.datatype.XTN;
import ca.uhn.hl7v2.model.v25.group.SIU_S12_RESOURCES;
import ca.uhn.hl7v2.model.v25.message.SIU_S12;
import ca.uhn.hl7v2.model.v25.segment.AIS;
import ca.uhn.hl7v2.model.v25.segment.MSH;
import ca.uhn.hl7v2.model.v25.segment.SCH;
import io.huibo.adapters.clinic.internal.AppointmentMessage.Trigger;
import io.huibo.adapters.clinic.internal.AppointmentMessage.Visit;
import io.huibo.api.InvalidNumberException;
import io.huibo.api.PhoneNumber;

/**
 * Reads an SIU^S12/S13/S15 (every version parsed into the v2.5 model) into an
 * {@link AppointmentMessage}, checking what the adapter needs: an appointment id (SCH-2, else
 * SCH-1), a start (AIS-4, else SCH-11.4) and an end (SCH-11.5, else a duration in minutes, else
 * the clinic's usual length), and a patient phone (PID-13) it can call. Reads only: it changes
 * nothing anywhere.
 */
final class SiuReader {
    private static final int MAX_ID_LENGTH = 64;

    private final ZoneId zone;
    private final Duration usualLength;

    SiuReader(ZoneId zone, Duration usualLength) {
        this.zone = zone;
        this.usualLength = usualLength;
    }

    /** @param region the ISO 3166 region national-format patient phones are read in */
    AppointmentMessage read(Message message, String region) throws RejectedMessage, HL7Exception {
        if (!(message instanceof SIU_S12 siu)) {
            throw RejectedMessage.reject(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "only SIU^S12, SIU^S13 and SIU^S15 are handled");
        }
        MSH msh = siu.getMSH();
        Trigger trigger = trigger(msh.getMessageType().getMessageCode().getValue(), msh.getMessageType().getTriggerEvent().getValue());
        String controlId = trimmed(msh.getMessageControlID().getValue());
        if (controlId.isEmpty()) {
            throw RejectedMessage.reject(ErrorCode.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is empty");
        }
        String eventId = trimmed(msh.getSendingApplication().getNamespaceID().getValue()) + "/"
                + trimmed(msh.getSendingFacility().getNamespaceID().getValue()) + "/" + controlId;
        String appointmentId = appointmentId(siu.getSCH());
        if (trigger == Trigger.CANCELLED) {
            return new AppointmentMessage(eventId, trigger, appointmentId, Optional.empty());
        }
        Instant start = start(siu);
        Instant end = end(siu, start);
        return new AppointmentMessage(eventId, trigger, appointmentId,
                Optional.of(new Visit(start, end, patientPhone(siu, region), doctorId(siu))));
    }

    private static Trigger trigger(String code, String event) throws RejectedMessage {
        if (!"SIU".equals(code)) {
            throw RejectedMessage.reject(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "only SIU^S12, SIU^S13 and SIU^S15 are handled");
        }
        return switch (trimmed(event)) {
            case "S12" -> Trigger.BOOKED;
            case "S13" -> Trigger.RESCHEDULED;
            case "S15" -> Trigger.CANCELLED;
            default -> throw RejectedMessage.reject(ErrorCode.UNSUPPORTED_EVENT_CODE, "only SIU^S12, SIU^S13 and SIU^S15 are handled");
        };
    }

    private static String appointmentId(SCH sch) throws RejectedMessage {
        String filler = trimmed(sch.getFillerAppointmentID().getEntityIdentifier().getValue());
        String id = filler.isEmpty() ? trimmed(sch.getPlacerAppointmentID().getEntityIdentifier().getValue()) : filler;
        if (id.isEmpty()) {
            throw RejectedMessage.error(ErrorCode.REQUIRED_FIELD_MISSING, "SCH-2 and SCH-1 (appointment id) are both empty");
        }
        if (id.length() > MAX_ID_LENGTH || !id.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw RejectedMessage.error(ErrorCode.DATA_TYPE_ERROR,
                    "the appointment id must be at most " + MAX_ID_LENGTH + " printable ASCII characters");
        }
        return id;
    }

    private Instant start(SIU_S12 siu) throws RejectedMessage, HL7Exception {
        Optional<AIS> service = service(siu);
        if (service.isPresent() && !service.get().getStartDateTime().isEmpty()) {
            return time(service.get().getStartDateTime(), "AIS-4 (start)");
        }
        SCH sch = siu.getSCH();
        if (sch.getAppointmentTimingQuantityReps() > 0 && !sch.getAppointmentTimingQuantity(0).getStartDateTime().isEmpty()) {
            return time(sch.getAppointmentTimingQuantity(0).getStartDateTime(), "SCH-11.4 (start)");
        }
        throw RejectedMessage.error(ErrorCode.REQUIRED_FIELD_MISSING, "the appointment has no start: AIS-4 and SCH-11.4 are empty");
    }

    private Instant end(SIU_S12 siu, Instant start) throws RejectedMessage, HL7Exception {
        SCH sch = siu.getSCH();
        Instant end;
        if (sch.getAppointmentTimingQuantityReps() > 0 && !sch.getAppointmentTimingQuantity(0).getEndDateTime().isEmpty()) {
            end = time(sch.getAppointmentTimingQuantity(0).getEndDateTime(), "SCH-11.5 (end)");
        } else {
            Optional<AIS> service = service(siu);
            Optional<Duration> length = service.isPresent()
                    ? minutes(service.get().getDuration(), service.get().getDurationUnits(), "AIS-7 (duration)")
                    : Optional.empty();
            if (length.isEmpty()) {
                length = minutes(sch.getAppointmentDuration(), sch.getAppointmentDurationUnits(), "SCH-9 (duration)");
            }
            end = start.plus(length.orElse(usualLength));
        }
        if (!end.isAfter(start)) {
            throw RejectedMessage.error(ErrorCode.DATA_TYPE_ERROR, "the appointment ends before it starts");
        }
        return end;
    }

    private static Optional<AIS> service(SIU_S12 siu) throws HL7Exception {
        for (SIU_S12_RESOURCES resources : siu.getRESOURCESAll()) {
            if (resources.getSERVICEReps() > 0) {
                return Optional.of(resources.getSERVICE().getAIS());
            }
        }
        return Optional.empty();
    }

    private Instant time(TS ts, String field) throws RejectedMessage {
        try {
            return Hl7Time.parse(ts.getTime().getValue(), zone);
        } catch (IllegalArgumentException e) {
            throw RejectedMessage.error(ErrorCode.DATA_TYPE_ERROR, field + " is " + e.getMessage());
        }
    }

    private static Optional<Duration> minutes(NM value, CE units, String field) throws RejectedMessage {
        String text = trimmed(value.getValue());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String unit = trimmed(units.getIdentifier().getValue()).toLowerCase(Locale.ROOT);
        if (!unit.isEmpty() && !unit.equals("min") && !unit.equals("minute") && !unit.equals("minutes")) {
            throw RejectedMessage.error(ErrorCode.DATA_TYPE_ERROR, field + " must be in minutes (units min)");
        }
        try {
            long minutes = Long.parseLong(text);
            if (minutes < 1) {
                throw new NumberFormatException();
            }
            return Optional.of(Duration.ofMinutes(minutes));
        } catch (NumberFormatException e) {
            throw RejectedMessage.error(ErrorCode.DATA_TYPE_ERROR, field + " is not a whole number of minutes above zero");
        }
    }

    /** The first PID-13 repetition that holds a callable number: XTN-12, else XTN-1, else XTN-5/6/7. */
    private static PhoneNumber patientPhone(SIU_S12 siu, String region) throws RejectedMessage, HL7Exception {
        boolean anyGiven = false;
        if (siu.getPATIENTReps() > 0) {
            for (XTN xtn : siu.getPATIENT().getPID().getPhoneNumberHome()) {
                for (String candidate : candidates(xtn)) {
                    anyGiven = true;
                    try {
                        return PhoneNumber.parse(candidate, region);
                    } catch (InvalidNumberException notThisOne) {
                        // the next form or repetition may be callable
                    }
                }
            }
        }
        if (anyGiven) {
            throw RejectedMessage.error(ErrorCode.DATA_TYPE_ERROR, "PID-13 (patient phone) holds no valid phone number");
        }
        throw RejectedMessage.error(ErrorCode.REQUIRED_FIELD_MISSING, "PID-13 (patient phone) is empty");
    }

    private static List<String> candidates(XTN xtn) {
        List<String> forms = new ArrayList<>();
        String unformatted = trimmed(xtn.getUnformattedTelephoneNumber().getValue());
        String legacy = trimmed(xtn.getTelephoneNumber().getValue());
        String local = trimmed(xtn.getLocalNumber().getValue());
        if (!unformatted.isEmpty()) {
            forms.add(unformatted);
        }
        if (!legacy.isEmpty()) {
            forms.add(legacy);
        }
        if (!local.isEmpty()) {
            String country = trimmed(xtn.getCountryCode().getValue());
            String area = trimmed(xtn.getAreaCityCode().getValue());
            forms.add((country.isEmpty() ? "" : "+" + country) + area + local);
        }
        return forms;
    }

    /** The doctor the appointment names: the first AIP-3, else the first AIG-3. */
    private static Optional<String> doctorId(SIU_S12 siu) throws HL7Exception {
        for (SIU_S12_RESOURCES resources : siu.getRESOURCESAll()) {
            if (resources.getPERSONNEL_RESOURCEReps() > 0 && resources.getPERSONNEL_RESOURCE().getAIP().getPersonnelResourceIDReps() > 0) {
                String id = trimmed(resources.getPERSONNEL_RESOURCE().getAIP().getPersonnelResourceID(0).getIDNumber().getValue());
                if (!id.isEmpty()) {
                    return Optional.of(id);
                }
            }
            if (resources.getGENERAL_RESOURCEReps() > 0) {
                String id = trimmed(resources.getGENERAL_RESOURCE().getAIG().getResourceID().getIdentifier().getValue());
                if (!id.isEmpty()) {
                    return Optional.of(id);
                }
            }
        }
        return Optional.empty();
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
