package io.huibo.adapters.clinic.internal;

/** SIU messages as a HIS sends them, in ER7 with {@code \r} between segments. */
final class Siu {
    static final String PATIENT = "+8613900139000";

    private Siu() {
    }

    /** An SIU of {@code trigger} (S12, S13, S15) for {@code appointment}, from {@code start} to {@code end} (HL7 times). */
    static String message(String trigger, String controlId, String appointment, String start, String end, String phone) {
        return "MSH|^~\\&|HIS|CLINIC|HUIBO|HUIBO|20261123100000||SIU^" + trigger + "^SIU_S12|" + controlId + "|P|2.5\r"
                + "SCH|P-" + appointment + "|" + appointment + "|||||||||^^^" + start + "^" + end + "\r"
                + "PID|1||P1^^^HIS||Zhang^San||19800101|M|||||" + phone + "\r"
                + "RGS|1\r"
                + "AIP|1||D123^Li^Wei\r";
    }

    static String booked(String controlId, String appointment, String start, String end) {
        return message("S12", controlId, appointment, start, end, PATIENT);
    }
}
